package source

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
)

// Account is an ad account as a network describes it.
type Account struct {
	ID       string // the network's own id (no act_ prefix, no dashes)
	Name     string
	Currency string // ISO 4217
	// Location is the account's time zone: its days are the network's days.
	Location *time.Location
	// Via is how the client reaches the account (Google: the manager account to log in
	// through); the framework only passes it back.
	Via string
}

// Campaign is an ad campaign of an account.
type Campaign struct {
	ID   string // the network's own id
	Name string
}

// Row is one campaign-day as the network reports it, amounts in the account's
// currency.
type Row struct {
	Campaign     string // the network's campaign id
	CampaignName string // empty when the answer carries no name
	Date         goalbot.Date
	Spend        goalbot.Micro
	Conversions  goalbot.Micro
}

// Client is one ad network's API.
type Client interface {
	// Accounts lists the ad accounts to pull: the configured ones, or every account
	// the credentials reach.
	Accounts(ctx context.Context) ([]Account, error)
	// Campaigns lists the campaigns of account a.
	Campaigns(ctx context.Context, a Account) ([]Campaign, error)
	// Rows calls emit for each campaign-day of account a from from to to (both
	// included, the account's days) that the network reports. A day it leaves out is
	// zero. A later row of the same campaign and day replaces an earlier one.
	Rows(ctx context.Context, a Account, from, to goalbot.Date, emit func(Row)) error
}

// LastDayer is a Client whose network refuses days after some day (Meta checks the
// end of a range against its own date, not the account's): LastDay is the last day
// of account a it may be asked for at now.
type LastDayer interface {
	LastDay(a Account, now time.Time) goalbot.Date
}

// Source is one configured network.
type Source struct {
	// Name is the source's name (goalbot.SourceGoogleAds, SourceMeta, SourceLinkedIn).
	Name string
	// Network is the prefix of its ids (google-123) and its rows' network.
	Network string
	// Label is the network's name for people ("Google Ads").
	Label  string
	Client Client
	// Puller, when set, pulls the source instead of Client (the CRM, whose contacts
	// are counted for the catalog's campaigns rather than for campaigns of its own).
	Puller Puller
	// ChunkDays is how many days one Rows call asks for (default 30): the days of a
	// chunk are held in memory until they are written.
	ChunkDays int
	// Credentials is a fingerprint of the source's credentials (never the secrets
	// themselves): a source stopped for refused credentials is tried again by the
	// schedule once they change.
	Credentials string
}

func (s *Source) chunkDays() int {
	if s.ChunkDays > 0 {
		return s.ChunkDays
	}
	return 30
}

// AccountID is the goalbot id of the network's account id: network-id.
func (s *Source) AccountID(id string) string { return s.Network + "-" + id }

// CampaignID is the goalbot id of the network's campaign id: network-id.
func (s *Source) CampaignID(id string) string { return s.Network + "-" + id }

// cleanName makes a network's name fit a metrics row: no control characters, at
// most goalbot.MaxCatalogNameLength characters (not bytes: a name in Swedish or
// Japanese is as long as one in English); an empty name is the fallback.
func cleanName(name, fallback string) string {
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name))
	if name == "" {
		return fallback
	}
	if utf8.RuneCountInString(name) > goalbot.MaxCatalogNameLength {
		name = string([]rune(name)[:goalbot.MaxCatalogNameLength])
	}
	return name
}
