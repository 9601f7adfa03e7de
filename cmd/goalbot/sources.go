package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/source/google"
	"github.com/goalbot/goalbot/source/hubspot"
	"github.com/goalbot/goalbot/source/linkedin"
	"github.com/goalbot/goalbot/source/meta"
)

// Chunk sizes of the networks: the days one request asks for (Meta asks for more
// than 31 days through an async report run).
const (
	googleChunkDays   = 31
	metaChunkDays     = 93
	linkedInChunkDays = 30
)

// list returns a source for each network whose credentials are set.
func (s SourcesConfig) list() []*source.Source {
	var out []*source.Source
	if g := s.Google; g.RefreshToken != "" {
		out = append(out, &source.Source{Name: goalbot.SourceGoogleAds, Network: "google", Label: "Google Ads", ChunkDays: googleChunkDays,
			Credentials: fingerprint(g.ClientID, g.ClientSecret.Value(), g.RefreshToken.Value()),
			Client: google.New(google.Config{ClientID: g.ClientID, ClientSecret: g.ClientSecret.Value(), RefreshToken: g.RefreshToken.Value(),
				CustomerIDs: g.CustomerIDs, LoginCustomerID: g.LoginCustomerID, DeveloperToken: g.DeveloperToken.Value(),
				AllConversions: g.Conversions == "all_conversions", APIURL: g.APIURL, TokenURL: g.TokenURL, Version: g.Version})})
	}
	if m := s.Meta; m.AccessToken != "" {
		out = append(out, &source.Source{Name: goalbot.SourceMeta, Network: "meta", Label: "Meta", ChunkDays: metaChunkDays,
			Credentials: fingerprint(m.AccessToken.Value()),
			Client: meta.New(meta.Config{AccessToken: m.AccessToken.Value(), AdAccountIDs: m.AdAccountIDs,
				ConversionActions: m.ConversionActions, APIURL: m.APIURL, Version: m.Version})})
	}
	if l := s.LinkedIn; l.RefreshToken != "" {
		out = append(out, &source.Source{Name: goalbot.SourceLinkedIn, Network: "linkedin", Label: "LinkedIn", ChunkDays: linkedInChunkDays,
			Credentials: fingerprint(l.ClientID, l.ClientSecret.Value(), l.RefreshToken.Value()),
			Client: linkedin.New(linkedin.Config{ClientID: l.ClientID, ClientSecret: l.ClientSecret.Value(), RefreshToken: l.RefreshToken.Value(),
				AdAccountIDs: l.AdAccountIDs, Conversions: l.Conversions, APIURL: l.APIURL, TokenURL: l.TokenURL, Version: l.Version})})
	}
	return out
}

// hubSpotSource returns the HubSpot source when its token is set: it counts the
// portal's contacts for the catalog's campaigns and checks their tracking drift.
func (m *Main) hubSpotSource() *source.Source {
	h := m.Config.Sources.HubSpot
	if h.Token == "" {
		return nil
	}
	rule := &goalbot.DriftRule{Threshold: h.DriftThreshold, Settle: m.Config.Settle,
		Location: goalbot.Settings{TimeZone: m.Config.TimeZone}.Location()}
	client := hubspot.New(hubspot.Config{Token: h.Token.Value(), APIURL: h.APIURL, Version: h.Version})
	return &source.Source{Name: goalbot.SourceHubSpot, Network: "hubspot", Label: "HubSpot", Credentials: fingerprint(h.Token.Value()),
		Puller: &hubspot.Puller{Client: client, Store: m.Store, Drift: rule, Logger: m.Logger}}
}

// fingerprint names credentials without showing them: a hash that tells whether
// they changed.
func fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// newSyncer returns the syncer of the configured sources, writing through the use
// cases' ingest path (m.App) into m.Store.
func (m *Main) newSyncer() *source.Syncer {
	sc := m.Config.Sources
	srcs := sc.list()
	if h := m.hubSpotSource(); h != nil {
		srcs = append(srcs, h)
	}
	return &source.Syncer{Sources: srcs, Store: m.Store, Sink: m.App, Clock: m.Clock, LookbackDays: sc.LookbackDays,
		BackfillDays: sc.BackfillDays, Interval: sc.Interval, Admins: m.Config.Admins, Owner: m.owner, Logger: m.Logger}
}

// syncerSources is the syncer as the use cases see it (commands.Sources).
type syncerSources struct{ s *source.Syncer }

// Statuses returns each configured source's status.
func (s syncerSources) Statuses(ctx context.Context) ([]goalbot.SourceStatus, error) {
	return s.s.Statuses(ctx)
}

// Sync pulls now and returns what each source did.
func (s syncerSources) Sync(ctx context.Context, name string, from, to goalbot.Date) ([]commands.SyncResult, error) {
	res, err := s.s.Sync(ctx, source.Request{Source: name, From: from, To: to})
	if err != nil {
		return nil, err
	}
	out := make([]commands.SyncResult, len(res))
	for i, r := range res {
		out[i] = commands.SyncResult{Name: r.Name, Accounts: r.Accounts, Campaigns: r.Campaigns, Rows: r.Rows, Error: r.Error}
	}
	return out, nil
}
