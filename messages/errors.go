package messages

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
)

// Error says err to a person: a goalbot *Error's message, or its problems one a
// line with their fields ("2 problems:\n• name: …"); anything else is a fault of ours
// or of a dependency, whose detail belongs in the log, and is said as the generic
// "errors.internal". Nil says nothing.
func (p *Printer) Error(err error) string {
	if err == nil {
		return ""
	}
	var e *goalbot.Error
	if !errors.As(err, &e) {
		return p.T(goalbot.MessageInternal)
	}
	if !e.Message.IsZero() {
		return p.Message(e.Message)
	}
	switch len(e.Fields) {
	case 0:
		return p.T(goalbot.MessageInternal)
	case 1:
		return p.Problem(e.Fields[0])
	}
	lines := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		lines[i] = "• " + p.Problem(f)
		if f.Field != "" {
			lines[i] = "• " + f.Field + ": " + p.Problem(f)
		}
	}
	// The count as typed (12), as English always said it.
	n := len(e.Fields)
	return p.N("errors.problems", n, Args{"Count": strconv.Itoa(n), "Problems": strings.Join(lines, "\n")})
}

// Problem says one problem with an input field: its message, without the field's
// name (each surface names the field its own way: under a modal's block, as typed in
// a command, in the API's JSON).
func (p *Printer) Problem(f goalbot.FieldError) string { return p.Message(f.Message) }

// Message says m: its template filled with its data, each value written the
// printer's way (see goalbot.Args); a message with a whole Count takes the plural
// form for it. The zero Message says nothing.
func (p *Printer) Message(m goalbot.Message) string {
	if m.IsZero() {
		return ""
	}
	data := make(Args, len(m.Args))
	for k, v := range m.Args {
		data[k] = p.value(v)
	}
	if n, ok := count(m.Args["Count"]); ok {
		return p.N(m.Key, n, data)
	}
	return p.T(m.Key, data)
}

// count is a message's Count as an int: an int, or a whole float64 (as data read
// back from JSON holds it).
func count(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<31 {
			return int(n), true
		}
	}
	return 0, false
}

// value writes one value of a message's data the printer's way. Whole numbers keep
// their digits as they are (years, limits and counts read as typed).
func (p *Printer) value(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case goalbot.Message:
		return p.Message(x)
	case goalbot.FieldError:
		return p.Problem(x)
	case error:
		return p.Error(x)
	case goalbot.List:
		return p.List(x)
	case goalbot.Micro:
		return p.Plain(x)
	case time.Month:
		return p.Month(x)
	case time.Weekday:
		return p.Weekday(x)
	case map[string]any: // a Message read back from JSON
		if key, ok := x["key"].(string); ok {
			args, _ := x["args"].(map[string]any)
			return p.Message(goalbot.Message{Key: key, Args: args})
		}
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Plain writes m with as many decimals as it has and no thousands separators, the
// language's decimal mark between (120.5; 120,5): a number as a person types it.
func (p *Printer) Plain(m goalbot.Micro) string {
	return strings.Replace(m.String(), ".", p.num.decimal, 1)
}

// Weekday is a day of the week's name (Monday; måndag).
func (p *Printer) Weekday(d time.Weekday) string {
	return p.T("errors.weekday." + strconv.Itoa(int(d)))
}

// List writes a list's items the language's way: "a, b or c" (a, b eller c), "a, b
// and c" (a, b och c), and "a, b and 3 more" (a, b och 3 till) when it shows only
// some.
func (p *Printer) List(l goalbot.List) string {
	items := make([]string, len(l.Items))
	for i, it := range l.Items {
		items[i] = p.value(it)
	}
	if l.Max > 0 && len(items) > l.Max {
		return p.T("errors.list.more", Args{"Items": strings.Join(items[:l.Max], ", "), "More": len(items) - l.Max})
	}
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	head, last := strings.Join(items[:len(items)-1], ", "), items[len(items)-1]
	switch l.Join {
	case goalbot.JoinOr:
		return p.T("errors.list.or", Args{"Items": head, "Last": last})
	case goalbot.JoinAnd:
		return p.T("errors.list.and", Args{"Items": head, "Last": last})
	}
	return strings.Join(items, ", ")
}
