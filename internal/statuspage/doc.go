// Package statuspage renders Herald's public data in the JSON formats of
// Atlassian Statuspage: the documents of its public /api/v2/ (status,
// summary, components, incidents, scheduled maintenances) and the bodies of
// its subscriber webhooks. Field names, nesting, enums and ordering follow
// Statuspage, so that exporters, widgets and aggregators written for it
// read Herald unchanged.
//
// Every builder takes the public view only: draft incidents are dropped and
// private notes never leave the package.
package statuspage
