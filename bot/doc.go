// Package bot is goalbot's Slack transport, on slack-go's socket mode: it connects
// with the app-level and bot tokens, acknowledges every envelope within Slack's three
// seconds, routes it by slash command, callback_id, action_id or event type to a
// handler, and renders the outcomes of the use cases (commands) as Block Kit. It owns
// every Slack limit (blocks, texts, options, ack payloads) and the choice between
// answering in an ack and updating a view after it. It also posts the engine's alerts
// (Notifier), tells whether a user is a workspace admin or owner (Admins), and
// publishes the App Home tab (Homes).
//
// # Outcomes
//
// Each outcome of commands meets its renderer in one place: MessageOf for messages,
// ModalOf for forms, RenderAlerted for alerts, HomeView for the Home tab. The buttons of replies are routed to
// the use cases by click (their ids are in ids.go). What an answered request changed
// (commands.Changes) is handed to a Changed hook: Homes.AfterChange queues the Home
// tabs that show it, so a refused or read-only request refreshes nothing.
//
// # App Home
//
// Homes publishes a user's Home tab when they open it, with the blocks that
// HomeView builds, and republishes it after changes: the engine's Changed
// hook records the goals whose status, headline percent or pace changed, and Homes.Run
// (one loop per replica) finds who may see them, queues them in the store (a set, so a
// user is queued once however many changes come first) and publishes from the queue
// at most Rate tabs a minute across every replica (a pacing slot in the store). Only
// users who have opened the tab are republished.
//
// # Envelopes
//
// The Events consumer never blocks: each envelope gets a goroutine of its own. A
// slash command, a click or an event is acked at once with no payload (ack first,
// then work); the handler then runs in one of a bounded number of worker slots and
// answers through the response_url or the Web API. A view_submission or
// block_suggestion has to carry its answer in the ack, so its handler runs first,
// within AckBudget, and the ack goes out when it returns or when the budget is spent.
//
// Slack delivers envelopes at least once. Before a handler acts, the envelope's
// identity (its event_id, else its trigger_id, else its envelope_id) is recorded with
// Once in the store (SET NX, shared by every replica): a repeat is acked and not acted
// on. Recording it never delays an ack. While the store cannot be reached, envelopes
// are still acked in time and answered UnavailableText.
//
// A panic in a handler is recovered, logged with its stack and answered with the
// generic error message; the bot carries on. The bot keeps no conversation state in
// memory (any replica may receive the next envelope of a conversation); the only
// things it keeps are caches (admins, DM channel ids, channel members).
//
// Nothing imports bot except cmd/goalbot. It speaks to the use cases through small
// interfaces it declares (Goals, AlertStore, Deduper, HomeApp, HomeStore).
package bot
