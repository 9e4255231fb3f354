// Package herald is the centre of Herald: the entities a status page is made
// of (components, incidents and their updates, subscribers, integrations and
// notifications), the rules that keep them valid, the one error type every
// layer reports with, and the interfaces that adapters implement.
//
// Adapters live in their own packages, named for their technology: bolt and
// dynamo store the entities, httpapi serves them, fanout, outbox and webhook
// deliver them, site renders them. They meet only through the types here.
package herald
