package main

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/source/google"
	"github.com/goalbot/goalbot/source/hubspot"
	"github.com/goalbot/goalbot/source/linkedin"
	"github.com/goalbot/goalbot/source/meta"
)

// defaultSources is the sources' configuration with no variable set: every network
// off.
func defaultSources() SourcesConfig {
	return SourcesConfig{
		Interval: time.Hour, LookbackDays: 30, BackfillDays: 400,
		Google: GoogleAdsConfig{Conversions: "conversions", APIURL: google.DefaultAPIURL, TokenURL: google.DefaultTokenURL, Version: google.DefaultVersion},
		Meta:   MetaConfig{ConversionActions: []string{meta.DefaultConversionActions}, APIURL: meta.DefaultAPIURL, Version: meta.DefaultVersion},
		LinkedIn: LinkedInConfig{Conversions: []string{linkedin.DefaultConversions}, APIURL: linkedin.DefaultAPIURL,
			TokenURL: linkedin.DefaultTokenURL, Version: linkedin.DefaultVersion},
		HubSpot: HubSpotConfig{APIURL: hubspot.DefaultAPIURL, Version: hubspot.DefaultVersion, DriftThreshold: 0.5},
	}
}

func TestLoadConfigSources(t *testing.T) {
	cfg, err := LoadConfig(lookup(with(map[string]string{
		"GOALBOT_SYNC_INTERVAL":                "30m",
		"GOALBOT_SYNC_LOOKBACK_DAYS":           "45",
		"GOALBOT_SYNC_BACKFILL_DAYS":           "90",
		"GOALBOT_GOOGLE_ADS_CLIENT_ID":         "cid.apps.googleusercontent.com",
		"GOALBOT_GOOGLE_ADS_CLIENT_SECRET":     "SECRETGCS",
		"GOALBOT_GOOGLE_ADS_REFRESH_TOKEN":     "1//SECRETGRT",
		"GOALBOT_GOOGLE_ADS_CUSTOMER_IDS":      "123-456-7890, 4445556666",
		"GOALBOT_GOOGLE_ADS_LOGIN_CUSTOMER_ID": "111-222-3333",
		"GOALBOT_GOOGLE_ADS_CONVERSIONS":       "all_conversions",
		"GOALBOT_GOOGLE_ADS_API_URL":           "http://127.0.0.1:1",
		"GOALBOT_META_ACCESS_TOKEN":            "EAABSECRET",
		"GOALBOT_META_AD_ACCOUNT_IDS":          "act_1234,5678",
		"GOALBOT_META_CONVERSION_ACTIONS":      "lead, offsite_conversion.fb_pixel_lead",
		"GOALBOT_LINKEDIN_CLIENT_ID":           "li",
		"GOALBOT_LINKEDIN_CLIENT_SECRET":       "SECRETLCS",
		"GOALBOT_LINKEDIN_REFRESH_TOKEN":       "AQWSECRET",
		"GOALBOT_LINKEDIN_AD_ACCOUNT_IDS":      "urn:li:sponsoredAccount:507000001",
		"GOALBOT_LINKEDIN_CONVERSIONS":         "externalWebsiteConversions,oneClickLeads",
		"GOALBOT_LINKEDIN_VERSION":             "202610",
		"GOALBOT_HUBSPOT_TOKEN":                "pat-na1-SECRETHS",
		"GOALBOT_HUBSPOT_VERSION":              "v3",
		"GOALBOT_DRIFT_THRESHOLD":              "35 %",
	})), true)
	if err != nil {
		t.Fatal(err)
	}
	want := defaultSources()
	want.Interval, want.LookbackDays, want.BackfillDays = 30*time.Minute, 45, 90
	want.Google = GoogleAdsConfig{ClientID: "cid.apps.googleusercontent.com", ClientSecret: "SECRETGCS", RefreshToken: "1//SECRETGRT",
		CustomerIDs: []string{"1234567890", "4445556666"}, LoginCustomerID: "1112223333", Conversions: "all_conversions",
		APIURL: "http://127.0.0.1:1/", TokenURL: google.DefaultTokenURL, Version: "v26"}
	want.Meta.AccessToken, want.Meta.AdAccountIDs = "EAABSECRET", []string{"1234", "5678"}
	want.Meta.ConversionActions = []string{"lead", "offsite_conversion.fb_pixel_lead"}
	want.LinkedIn.ClientID, want.LinkedIn.ClientSecret, want.LinkedIn.RefreshToken = "li", "SECRETLCS", "AQWSECRET"
	want.LinkedIn.AdAccountIDs, want.LinkedIn.Conversions, want.LinkedIn.Version = []string{"507000001"}, []string{"externalWebsiteConversions", "oneClickLeads"}, "202610"
	want.HubSpot.Token, want.HubSpot.Version, want.HubSpot.DriftThreshold = "pat-na1-SECRETHS", "v3", 0.35
	if !reflect.DeepEqual(cfg.Sources, want) {
		t.Errorf("sources:\n got %#v\nwant %#v", cfg.Sources.vars(), want.vars())
	}
	assertNoSecrets(t, cfg.String())
}

func TestLoadConfigSourceNeedsItsClient(t *testing.T) {
	problems := loadProblems(t, with(map[string]string{"GOALBOT_LINKEDIN_REFRESH_TOKEN": "AQWSECRET", "GOALBOT_LINKEDIN_CLIENT_ID": "li"}))
	if len(problems) != 1 || problems[0].Variable != "GOALBOT_LINKEDIN_CLIENT_SECRET" || !strings.Contains(problems[0].Message, "LinkedIn is on") {
		t.Fatalf("problems %v", problems)
	}
}
