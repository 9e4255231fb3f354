// Package csvio reads and writes subscriber lists as CSV, the form admins
// move them between tools in. Reading is tolerant of what spreadsheets
// write: a UTF-8 byte-order mark, comma or semicolon separators, quoted
// fields, CRLF line ends and blank lines. Writing guards against formula
// injection, so that an exported address such as "=HYPERLINK(...)" stays
// text when the file is opened in a spreadsheet.
//
// # Columns
//
// The first row names the columns, in any order and any case:
//
//   - type (required): email, sms or webhook.
//   - address (required): the e-mail address, E.164 phone number or URL.
//   - components (optional): component ids separated by commas,
//     semicolons, spaces or "|"; empty means every component.
//   - consented (optional): true, yes, y or 1 marks a subscriber who has
//     agreed already, who is imported active and sent no confirmation;
//     false, no, n, 0 or empty imports it pending and sends one.
//   - format (optional): a webhook's body format (slack, teams, discord).
//   - state (optional): a row whose state is unsubscribed is skipped, so
//     that a re-imported export never subscribes anyone who left.
//
// Other columns, such as the id and created_at of an export, are ignored.
// Export writes type, address, components, consented, state, format, id
// and created_at, marking active subscribers consented, so that an export
// imported elsewhere keeps who is active, pending and gone.
package csvio
