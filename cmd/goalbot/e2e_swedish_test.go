package main

import (
	"strings"
	"testing"

	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// nbsp is the no-break space Swedish groups digits and spaces percents with.
const nbsp = "\u00a0"

// TestE2ESwedish does the whole workflow as a Swedish user (Slack's users.info says
// sv-SE) and a Swedish channel (a subscription with lang:sv): create typed and in the
// wizard, list with filters, show, edit typed and in the form, delete, subscribe, an
// alert, and the App Home tab, all in Swedish, every payload within Slack's limits
// (newE2E fails the test on any payload the fake Slack refuses). A user of another
// Slack language, in the same workspace, is still answered in English.
func TestE2ESwedish(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetUser(slacktest.User{ID: "U1", Name: "ana", Locale: "sv-SE"})
	in := e.start()
	in.ingest("2026-03-09", 5) // act-1 and cmp-1 in the catalog

	// Create, typed.
	expectIn(t, "create", e.slash("U1", "C1", `create name:"Vårens leads" goal_type:network_conversions campaigns:cmp-1 duration:monthly `+
		`start:2026-03-01 end:2026-03-31 target:300 notify:started,threshold`),
		"✅ Skapade *G1* · Vårens leads", "Konverteringar i nätverket på 1 kampanj · månadsvis från 2026-03-01 till 2026-03-31 (1 period)",
		"första periodens mål 300", "Nu 5 av 300 den här perioden", `"text":"Visa"`)
	expectIn(t, "refused", e.slash("U1", "C1", "create name:x goal_type:clicks campaigns:cmp-9 duration:monthly target:1"),
		"⚠️ Inget ändrades. Rätta 2 problem:", "Så skriver du: `/goal skapa",
		"• `goal_type`: \\\"clicks\\\" är ingen måltyp: använd network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions eller ad_spend",
		"okänd kampanj cmp-9: använd kampanj-id:n från katalogen")
	expectIn(t, "no such goal", e.slash("U1", "C1", "show G404"), "målet G404 hittades inte: det kan ha raderats")

	// Create in the wizard.
	type values = map[string]map[string]slacktest.StateValue
	e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "create"})
	v := e.waitView(bot.CallbackCreate, "Steg 1 av 4")
	expectIn(t, "wizard", compactJSON(v.Source), `"text":"Nytt mål"`, `"text":"Nästa"`, `"text":"Avbryt"`, `"text":"Mall"`,
		`"text":"Konverteringar i nätverket"`, "Annonsklick som följs av en kontakts första formulärinskickning")
	submit := func(vals values) string {
		return e.ack(e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: v.ID, Values: vals}))
	}
	expectIn(t, "wizard step 1", submit(values{
		"goal_type": {"goal_type": slacktest.RadioButtons("contacts_in_stage")},
		"name":      {"name": slacktest.PlainText("Höstens MQL")},
	}), `"text":"Livscykelstadium"`, `"text":"Marknadsföringskvalificerat lead"`)
	expectIn(t, "wizard step 2", submit(values{
		"goal_type":       {"goal_type": slacktest.RadioButtons("contacts_in_stage")},
		"name":            {"name": slacktest.PlainText("Höstens MQL")},
		"lifecycle_stage": {"lifecycle_stage": slacktest.StaticSelect("marketingqualifiedlead")},
	}), "Steg 2 av 4", `"text":"Annonskonton"`, `"text":"Varaktighet"`, `"text":"kvartalsvis"`, `"text":"Följ räkenskapsåret"`)
	expectIn(t, "wizard step 3", submit(values{
		"ad_campaigns": {"ad_campaigns": slacktest.MultiExternalSelect("cmp-1")},
		"duration":     {"duration": slacktest.StaticSelect("monthly")},
		"start_date":   {"start_date": slacktest.DatePicker("2026-03-01")},
		"end_date":     {"end_date": slacktest.DatePicker("2026-04-30")},
	}), "Steg 3 av 4", `"text":"Mål per kampanj"`, "2 perioder: 2026-03-01–2026-03-31, 2026-04-01–2026-04-30", "Ett tal, eller 2 åtskilda med kommatecken")
	expectIn(t, "wizard step 4", submit(values{"target": {"target": slacktest.PlainText("50")}}),
		"Steg 4 av 4", `"text":"Skapa mål"`, "Direktmeddelanden till dig", "Delmål: en period tar slut, med sitt utfall")
	expectIn(t, "wizard created", submit(values{
		"notifications": {"notifications": slacktest.Checkboxes("started")},
		"team":          {"team": slacktest.PlainText("growth")},
	}), "✅ Skapade *G2* · Höstens MQL. Se det med `/goal show G2`.", `"text":"Klar"`)

	// List with filters, and a filter removed.
	list := e.slash("U1", "C1", "list campaign:cmp-1 status:in_progress")
	expectIn(t, "list", list, "Mål som matchar campaign:cmp-1 status:in_progress", "*G1* · Vårens leads", "🏃 pågående",
		"Filtrerat på villkoren nedan", `"text":"Rensa filter"`, `"text":"Visa"`, `"text":"Ändra"`, `"text":"Radera"`,
		`"text":"Markera"`, `"text":"Filtrera"`, `"text":"Radera markerade"`, `"text":"Nytt mål"`)
	expectIn(t, "filter removed", e.click("U1", bot.ActionFilterRemove+"#2", "campaign:cmp-1"), "Mål som matchar campaign:cmp-1", "*G2* · Höstens MQL")
	expectIn(t, "none match", e.slash("U1", "C1", "list status:missed"), "Inga mål matchar `status:missed`.")

	// Show.
	expectIn(t, "show", e.slash("U1", "C1", "show G1"), `*Typ*\nKonverteringar i nätverket`, `*Status*\n🏃 pågående`,
		`*Tidsperiod*\n2026-03-01 – 2026-03-31 (månadsvis)`, `*Utfall / mål*\n5 / 300`, `*Aktuell period*\nmars 2026 (2026-03-01 – 2026-03-31)`,
		"Skapat av <@U1> · aviseringar: start, tröskel", "▱▱▱▱▱▱▱▱▱▱ 1"+nbsp+"%")

	// Edit, typed and in the form.
	expectIn(t, "edit", e.slash("U1", "C1", `edit G2 name:"Höstens MQL:er"`), "✏️ Uppdaterade *G2* · Höstens MQL:er")
	e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "edit G1"})
	form := e.waitView(bot.CallbackEdit, `"initial_value":"Vårens leads"`)
	expectIn(t, "edit form", compactJSON(form.Source), `"text":"Ändra G1"`, `"text":"Spara"`, `"text":"Namn"`,
		"Direktmeddelanden till skaparen", "Tröskel: måluppfyllelsen passerar 50 % och 75 %")
	saved := e.ack(e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: form.ID, Values: values{
		"name":          {"name": slacktest.PlainText("Vårens leads")},
		"target":        {"target": slacktest.PlainText("300")},
		"target_cmp-1":  {"target_cmp-1": slacktest.PlainText("")},
		"notifications": {"notifications": slacktest.Checkboxes("started", "threshold")},
		"team":          {"team": slacktest.PlainText("tillvaxt")},
	}}))
	expectIn(t, "edit saved", saved, "✏️ Sparade *G1*", "Nu 5 av 300 den här perioden")

	// Delete, with its confirmation.
	expectIn(t, "delete", e.slash("U1", "C1", "delete G2"), "Radera det här målet?", "Deras köade aviseringar försvinner också. Du kan återställa dem i 30 dagar",
		`"text":"Behåll dem"`, `"text":"Radera 1 mål?"`)
	expectIn(t, "cancel", e.click("U1", bot.ActionDeleteCancel, "G2"), "Inget raderades (G2 finns kvar).")
	expectIn(t, "confirm", e.click("U1", bot.ActionDeleteConfirm, "G2"), "🗑️ Raderade G2.", "Återställ med `/goal återställ G2` inom 30 dagar")
	expectIn(t, "history", e.slash("U1", "C1", "history G2"), "Historik för G2 · ", "🗑️ Raderat av <@U1>", "raderat av <@U1>", "skapat av <@U1>",
		"Perioder 1–", "annonskostnad")
	expectIn(t, "restore", e.slash("U1", "C1", "restore G2"), "♻️ G2 · ", "är återställt")
	e.slash("U1", "C1", "delete G2")
	expectIn(t, "deleted again", e.click("U1", bot.ActionDeleteConfirm, "G2"), "🗑️ Raderade G2.")

	// Subscribe a Swedish channel, and an English one by default.
	expectIn(t, "subscribe", e.slash("U1", "C2", "subscribe <#C2|growth> campaign:cmp-1 events:threshold lang:sv"),
		"🔔 Prenumerationen är skapad — *S1* <#C2>: `campaign:cmp-1` → tröskel · aviseringar på svenska", "Avsluta den med `/goal unsubscribe <#C2> S1`.")
	expectIn(t, "subscribe default", e.slash("U1", "C1", "subscribe <#C1|marketing> campaign:cmp-1 events:threshold"), "*S2* <#C1>")
	expectIn(t, "subscriptions", e.slash("U1", "C2", "subscriptions"), "*Prenumerationer* (2)", "aviseringar på svenska")
	expectIn(t, "bad language", e.slash("U1", "C2", "subscribe <#C2|growth> lang:fr"), "`lang`:",
		`\"fr\" är inget språk som goalbot skriver aviseringar på: använd en (engelska) eller sv (svenska)`)

	// An alert, once: the Swedish channel and the Swedish creator's DM in Swedish,
	// with Slack dates; the channel without lang: in GOALBOT_LOCALE's English.
	in.ingest("2026-03-10", 150)
	in.evaluate(e2eNow)
	waitEvents(t, e.fake, "C2", "threshold:50")
	waitEvents(t, e.fake, "C1", "threshold:50")
	alert := e.fake.Messages("C2")[0]
	expectIn(t, "channel alert", alert.Text+compactJSON(alert.Blocks), "G1 Vårens leads: nådde 50"+nbsp+"%",
		"Konverteringar i nätverket · Period <!date^", "{date_short_pretty}|1 mars 2026> – <!date^", "|31 mars 2026>", `"text":"Visa mål"`)
	if en := e.fake.Messages("C1")[0]; !strings.Contains(en.Text, "reached 50%") || !strings.Contains(compactJSON(en.Blocks), "|March 1, 2026>") {
		t.Errorf("the English channel's alert: %q %s", en.Text, en.Blocks)
	}
	dm := e.fake.Messages(e.fake.DMChannel("U1"))
	if len(dm) == 0 || !strings.Contains(dm[len(dm)-1].Text, "nådde 50"+nbsp+"%") {
		t.Errorf("DMs to the Swedish creator: %+v", dm)
	}

	// The App Home tab.
	e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	e.waitHome("U1", 0, "Dina mål", "1 mål som du har skapat, 0 från dina kanalers prenumerationer", "🏃 Pågående (1)", "G1 · Vårens leads",
		"Konverteringar i nätverket · månadsvis · 2026-03-01 – 2026-03-31")

	// Typed the Swedish way: Swedish verbs and values, numbers with a decimal comma
	// and a space between thousands; the English words still work.
	expectIn(t, "typed in Swedish", e.slash("U1", "C1", `skapa name:"Sommarens leads" goal_type:"konverteringar i nätverket" campaigns:cmp-1 `+
		`duration:månadsvis start:2026-03-01 end:2026-03-31 target:"1 000,5"`),
		"✅ Skapade *G", "Sommarens leads", "månadsvis från 2026-03-01", "första periodens mål 1"+nbsp+"000,5")
	expectIn(t, "listed in Swedish", e.slash("U1", "C1", "lista status:pågående"), "Sommarens leads", "Vårens leads")
	expectIn(t, "shown in Swedish", e.slash("U1", "C1", "visa G1"), `*Typ*\nKonverteringar i nätverket`)

	// Someone whose Slack speaks English is answered in English.
	expectIn(t, "English user", e.slash("U2", "C1", "show G1"), `*Type*\nNetwork conversions`, "Created by <@U1>")
	expectIn(t, "English refusal", e.slash("U2", "C1", "create name:x goal_type:clicks campaigns:cmp-9 duration:monthly target:1"),
		"⚠️ Nothing was changed. Please fix 2 problems:", "Usage: `/goal create",
		"• `goal_type`: \\\"clicks\\\" is not a goal type: use network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions or ad_spend",
		"unknown campaign cmp-9: use campaign ids from the catalog")
}
