package google

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// result is one row of a GAQL answer, with the resources goalbot selects.
type result struct {
	Customer       *customer `json:"customer"`
	CustomerClient *customer `json:"customerClient"`
	Campaign       *struct {
		ID   string `json:"id"` // int64 as a string
		Name string `json:"name"`
	} `json:"campaign"`
	Segments *struct {
		Date string `json:"date"`
	} `json:"segments"`
	Metrics *struct {
		CostMicros     string  `json:"costMicros"` // int64 as a string; absent when zero
		Conversions    float64 `json:"conversions"`
		AllConversions float64 `json:"allConversions"`
	} `json:"metrics"`
}

// customer is a customer or customer_client resource.
type customer struct {
	ID              string `json:"id"`
	ClientCustomer  string `json:"clientCustomer"` // customers/123 (customer_client)
	DescriptiveName string `json:"descriptiveName"`
	CurrencyCode    string `json:"currencyCode"`
	TimeZone        string `json:"timeZone"`
	Manager         bool   `json:"manager"`
	Status          string `json:"status"`
	Level           string `json:"level"` // int64 as a string
}

// batch is one element of a searchStream answer: results, or an error that ended
// the stream.
type batch struct {
	Results []result  `json:"results"`
	Error   *apiError `json:"error"`
}

// readStream reads a searchStream answer, a JSON array of batches, one batch at a
// time, and calls each with every result. An error element ends it with that error.
func readStream(r io.Reader, each func(*result) error) error {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for dec.More() {
		var b batch
		if err := dec.Decode(&b); err != nil {
			return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.google.broke_off", nil), Err: err}
		}
		if b.Error != nil {
			return b.Error.classify(0, nil)
		}
		for i := range b.Results {
			if err := each(&b.Results[i]); err != nil {
				return err
			}
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.google.broke_off", nil), Err: err}
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.google.shape", nil), Err: fmt.Errorf("got %v, want %q", tok, want)}
	}
	return nil
}
