package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/goalbot/goalbot"
)

// ImportBatch is how many rows ApplyImport writes in one store call. Each call is
// atomic on its own; a batch this size keeps every call short enough that Redis
// serves other clients in between.
const ImportBatch = 5_000

// Import is a whole file of metrics rows that ReadImport read and checked: nothing
// of it is in the store until ApplyImport.
type Import struct {
	// Batches are the rows in file order, ImportBatch to a batch (the last one may
	// hold fewer): the store calls of ApplyImport, kept apart so that no row is
	// copied as the file grows.
	Batches   [][]goalbot.Metric
	Rows      int // rows in all
	Campaigns int // distinct campaigns among the rows
}

// add keeps one more row.
func (imp *Import) add(m goalbot.Metric) {
	if len(imp.Batches) == 0 || len(imp.Batches[len(imp.Batches)-1]) == ImportBatch {
		imp.Batches = append(imp.Batches, make([]goalbot.Metric, 0, ImportBatch))
	}
	last := &imp.Batches[len(imp.Batches)-1]
	*last = append(*last, m)
	imp.Rows++
}

// firstRow is where a campaign first appeared in an import, and under which account
// (or where an account first appeared, and in which currency).
type firstRow struct {
	account   string // for an account: its currency
	row, line int
}

// sameAccountCurrency records where account m.AccountID first appeared with its
// currency, and an error at a later row of it in another currency.
func sameAccountCurrency(r *CSVReader, m goalbot.Metric, accounts map[string]firstRow, order *[]string) {
	f, seen := accounts[m.AccountID]
	switch {
	case !seen:
		accounts[m.AccountID] = firstRow{account: m.Currency, row: r.Row(), line: r.Line()}
		*order = append(*order, m.AccountID)
	case f.account != m.Currency:
		r.addError(RowError{Row: r.Row(), Line: r.Line(), Field: "currency", Error: goalbot.M("errors.import.currency_rows",
			goalbot.Args{"Account": m.AccountID, "Known": f.account, "Where": rowLine(f.row, f.line), "Got": m.Currency, "Remedy": currencyRemedy})})
	}
}

// currencyRemedy is what to do about an account whose rows come in two currencies
// (what the store says of an account whose currency changes).
var currencyRemedy = goalbot.M("errors.store.currency_remedy", nil)

// ReadImport reads every row of r and checks them all before anything is written:
// each row as POST /v1/metrics checks it, every campaign against the others and the
// catalog (a campaign keeps one account), and every account likewise (an account
// keeps one currency). It returns the rows, or a *RowErrors
// naming the data row and the file line of each problem (the first MaxRowErrors,
// and a count of the rest).
func (a *App) ReadImport(ctx context.Context, r *CSVReader) (*Import, error) {
	imp := &Import{}
	first, accounts := map[string]firstRow{}, map[string]firstRow{}
	var order, accountOrder []string // campaigns and accounts in the order they first appear
	for {
		m, ok := r.Next()
		if !ok {
			break
		}
		f, seen := first[m.CampaignID]
		switch {
		case !seen:
			first[m.CampaignID] = firstRow{account: m.AccountID, row: r.Row(), line: r.Line()}
			order = append(order, m.CampaignID)
		case f.account != m.AccountID:
			r.addError(RowError{Row: r.Row(), Line: r.Line(), Field: "account_id", Error: goalbot.M("errors.import.campaign_rows",
				goalbot.Args{"Campaign": m.CampaignID, "Account": m.AccountID, "Other": f.account, "Where": rowLine(f.row, f.line)})})
		}
		sameAccountCurrency(r, m, accounts, &accountOrder)
		if r.errs.Len() == 0 {
			imp.add(m)
		} else {
			imp.Batches = nil // nothing will be applied: stop holding rows
		}
	}
	if err := a.checkImportCatalog(ctx, r, order, first); err != nil {
		return nil, err
	}
	if err := a.checkImportCurrencies(ctx, r, accountOrder, accounts); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if imp.Rows == 0 {
		return nil, &RowErrors{List: []RowError{{Line: 2, Error: goalbot.M("errors.import.empty", nil)}}}
	}
	imp.Campaigns = len(order)
	return imp, nil
}

// catalogChunk bounds how many campaigns or accounts one catalog read asks for.
const catalogChunk = 1_000

// checkImportCatalog records an error at the first row of every campaign that the
// catalog already has under another account.
func (a *App) checkImportCatalog(ctx context.Context, r *CSVReader, order []string, first map[string]firstRow) error {
	return inChunks(order, func(ids []string) error {
		known, err := a.Store.Campaigns(ctx, ids)
		if err != nil {
			return fmt.Errorf("check campaigns against the catalog: %w", err)
		}
		for _, id := range ids {
			k, ok := known[id]
			if f := first[id]; ok && k.AccountID != f.account {
				r.addError(RowError{Row: f.row, Line: f.line, Field: "account_id", Error: goalbot.M("errors.import.campaign_catalog",
					goalbot.Args{"Campaign": id, "Known": k.AccountID, "Account": f.account})})
			}
		}
		return nil
	})
}

// inChunks calls read with ids, catalogChunk of them at a time, until it fails.
func inChunks(ids []string, read func(chunk []string) error) error {
	for start := 0; start < len(ids); start += catalogChunk {
		if err := read(ids[start:min(start+catalogChunk, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// checkImportCurrencies records an error at the first row of every account that
// the catalog knows in another currency.
func (a *App) checkImportCurrencies(ctx context.Context, r *CSVReader, order []string, first map[string]firstRow) error {
	return inChunks(order, func(ids []string) error {
		known, err := a.Store.Accounts(ctx, ids)
		if err != nil {
			return fmt.Errorf("check accounts against the catalog: %w", err)
		}
		for _, id := range ids {
			k, f := known[id], first[id]
			if k.Currency != "" && k.Currency != f.account {
				r.addError(RowError{Row: f.row, Line: f.line, Field: "currency", Error: goalbot.M("errors.import.currency_catalog",
					goalbot.Args{"Account": id, "Known": k.Currency, "Got": f.account, "Remedy": currencyRemedy})})
			}
		}
		return nil
	})
}

// ApplyImport writes the batches of imp through IngestMetrics, in file order (so
// that the last row of a (campaign, date) wins), and calls done after each batch
// with the rows it wrote. Each batch is atomic, the
// whole import is not: when the store fails part-way, the error says how many rows
// were applied. Applying the same rows again is harmless (a row replaces the one of
// its campaign and date), so the remedy is to run the import again.
func (a *App) ApplyImport(ctx context.Context, imp *Import, done func(rows int)) error {
	applied := 0
	for _, batch := range imp.Batches {
		if err := a.IngestMetrics(ctx, batch); err != nil {
			return &PartialImportError{Applied: applied, Total: imp.Rows, Err: rowsInFile(err, applied)}
		}
		applied += len(batch)
		if done != nil {
			done(len(batch))
		}
	}
	return nil
}

// rowsInFile returns err, the store's refusal of a batch that follows `before` rows
// of the file, with the rows it names counted in the whole file. (ReadImport checks
// what the store checks; the store refuses a batch only when the catalog changed in
// between, such as an account's currency set by another ingest.)
func rowsInFile(err error, before int) error {
	var e *goalbot.Error
	if before == 0 || !errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Row == 0 {
		return err
	}
	out := *e
	out.Fields = slices.Clone(e.Fields)
	for i := range out.Fields {
		if out.Fields[i].Row > 0 {
			out.Fields[i].Row += before
		}
	}
	out.Message = goalbot.M("errors.store.row", goalbot.Args{"Row": out.Fields[0].Row, "Problem": out.Fields[0].Message})
	return &out
}

// PartialImportError is a store failure part-way through ApplyImport.
type PartialImportError struct {
	Applied, Total int // rows applied before the failure, rows in the import
	Err            error
}

// Error is the failure for logs (see Said).
func (e *PartialImportError) Error() string { return e.Said().String() }

// Said says what was applied and what to do.
func (e *PartialImportError) Said() goalbot.Message {
	if e.Applied == 0 {
		return goalbot.M("errors.import.nothing", goalbot.Args{"Problem": e.Err})
	}
	return goalbot.M("errors.import.partial", goalbot.Args{"Applied": e.Applied, "Total": e.Total, "Problem": e.Err})
}

// Unwrap returns the store's error.
func (e *PartialImportError) Unwrap() error { return e.Err }
