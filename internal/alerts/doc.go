// Package alerts reads the payloads monitoring tools send and turns them
// into herald.Alert values. Each tool has one parser; Parsers lists them by
// the integration source that names them in /v1/integrations/{source}.
//
// Parsers read tolerantly: tools add fields over time, so unknown fields are
// ignored. What a parser cannot do without (a status, an alert to speak of)
// is an EINVALID error naming the field.
package alerts

import "github.com/herald-status/herald/internal/herald"

// Parser turns one request body from a tool into alerts.
type Parser = func(body []byte) ([]herald.Alert, error)

// Parsers returns the parser of every supported source.
func Parsers() map[string]Parser {
	return map[string]Parser{
		herald.SourceAlertmanager: ParseAlertmanager,
		herald.SourceGeneric:      ParseGeneric,
	}
}
