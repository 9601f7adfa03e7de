// Package messages holds the catalogs of every string goalbot shows people, in
// English and Swedish, and the Printer that each renderer (Slack, the console, the
// HTTP API) uses to say things in a reader's language: messages by id with their
// plural forms (go-i18n, CLDR plural rules), and numbers, amounts of money, percents
// and months written the reader's way (golang.org/x/text's language matching and
// CLDR separators).
//
// The catalogs are TOML files under locales/, one per area and language
// (alerts.en.toml, alerts.sv.toml, …), embedded in the binary. A message's id is
// dotted by area ("show.spend"); its text is a Go template over the data the caller
// gives ({{.Goal}}); a message with plural forms has "one" and "other" (Swedish and
// English have the same two forms) and is chosen by the Count of its data. The tests
// of this package check that both languages hold the same ids with the same
// placeholders, that every id the code asks for exists, and that every id is used.
//
// It imports the domain only for its number types; nothing here does I/O.
package messages
