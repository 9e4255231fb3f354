// Package dynamo stores Herald's entities in one DynamoDB table, and turns
// the table's stream records into herald.Change values for fan-out.
//
// # Table
//
// Every item has a string partition key PK and sort key SK, and an "entity"
// attribute naming what it is. The entity's own fields are top-level
// attributes named as in its JSON form (created_at, version, ...). Two
// overloaded global secondary indexes, both projecting every attribute,
// serve the lists; an item that sets no GSI key is not in that index, so
// both are sparse. Stream: NEW_AND_OLD_IMAGES. TTL attribute: expires_at,
// in Unix seconds.
//
//	item          PK                      SK                 GSI1PK / GSI1SK                    GSI2PK / GSI2SK
//	component     COMPONENTS              COMPONENT#<id>     -                                  -
//	incident      INCIDENT#<id>           INCIDENT           INCIDENTS#<state> / <when>         INCIDENTS / <when>
//	open copy     INCIDENTS#unresolved    <when>             -                                  -
//	counter       COUNTER#incident        COUNTER            -                                  -
//	group         GROUP#<key>             GROUP              -                                  -
//	subscriber    SUBSCRIBER#<id>         SUBSCRIBER         SUBSCRIBERS#active / <id>          SUBSCRIBERS / <id>
//	address       ADDRESS#<type>#<addr>   ADDRESS            -                                  -
//	integration   INTEGRATIONS            INTEGRATION#<id>   -                                  -
//	apikey        APIKEYS                 APIKEY#<id>        -                                  -
//	delivery      DELIVERY#<id>           DELIVERY           -                                  DELIVERIES#<incident> / <id>
//	rate counter  RATE#<key>#<len>#<end>  RATE               -                                  -
//
// <state> is draft or resolved, two of the incident filters. An open
// incident (published, not resolved) is in no GSI1 partition; a full copy
// of it, with entity open_incident, sits in the base-table partition
// INCIDENTS#unresolved instead, put or deleted in every transaction that
// writes the incident. <when> is the incident's created_at in fixed-width
// UTC, to the nanosecond, then '#' and its id, so that lists sort
// incidents by creation, and those created at one instant by id; it
// relies on created_at never changing. The write that changes an
// incident's state moves its GSI1 entry and its copy. A subscriber is in
// GSI1 only while active.
//
// # Access patterns
//
//   - Component by id: GetItem (COMPONENTS, COMPONENT#id).
//   - All components: Query PK = COMPONENTS, sorted by position and name in
//     memory; a status page has at most a few hundred.
//   - Incident by id: GetItem (INCIDENT#id, INCIDENT).
//   - Incidents newest first: Query PK = INCIDENTS#unresolved for open
//     ones, strongly consistent; Query GSI1 PK = INCIDENTS#draft or
//     INCIDENTS#resolved; Query GSI2 PK = INCIDENTS for all; each
//     descending. The cursor is the key of the last item returned.
//   - Next incident number: UpdateItem ADD n 1 on the counter, returning
//     the new value.
//   - Alert group by key: GetItem (GROUP#key, GROUP).
//   - Subscriber by id: GetItem (SUBSCRIBER#id, SUBSCRIBER).
//   - One subscriber per (type, address): the address item, written in the
//     same TransactWriteItems as the subscriber with attribute_not_exists,
//     moved or deleted with it.
//   - Subscribers in id order: Query GSI2 PK = SUBSCRIBERS; active ones:
//     Query GSI1 PK = SUBSCRIBERS#active. A search filters these queries
//     by state, type, a part of the address and expiry; counts read type,
//     state and expiry of the whole GSI2 partition.
//   - Subscriber by address: GetItem of the address item, then of the
//     subscriber it names.
//   - A pending subscriber and its address item both carry expires_at, so
//     TTL forgets them together; confirming removes it from both in one
//     transaction. Reads leave out subscribers past it, as TTL lags.
//   - Rate counters: UpdateItem ADD hits 1 on the counter of the key's
//     current window, which expires when the window ends.
//   - Integrations, API keys: Query PK = INTEGRATIONS or APIKEYS, sorted
//     oldest first in memory. API keys and integration keys are stored as
//     their hashes only (key_hash).
//   - Delivery by id: PutItem with attribute_not_exists(PK) claims it, so a
//     notification seen twice is sent once; deliveries expire 90 days after
//     their last write. Every later write puts it on condition version =
//     the version read, so a run whose lease ran out cannot overwrite the
//     one that took the delivery over. Deliveries of an incident: Query
//     GSI2 PK = DELIVERIES#incident.
//   - Followers of some components: Query GSI1 PK = SUBSCRIBERS#active,
//     filtered by type and components (see Store.Followers).
//
// # Writes
//
// Every entity carries a version. A create puts the item on
// condition attribute_not_exists(PK) and sets version 1; an update puts it
// on condition version = the version read, and increments it. SaveIncident
// writes the incident, the components whose status it sets and its alert
// group in one TransactWriteItems, each with its own condition, so two
// admins updating one incident never lose a write: the loser gets
// herald.ECONFLICT and the Service reads again. A write that fails for any
// other reason (a throttle, a timeout, the table missing) returns
// herald.EUNAVAILABLE and has written nothing.
//
// Reads of single items and of the base-table partitions are strongly
// consistent; queries of GSI1 and GSI2 are eventually consistent, as
// DynamoDB allows no other. The Service works out a component's status
// from the open incidents, which is why those are listed from the base
// table: an incident opened a moment before is never missed.
//
// # Stream
//
// ChangeFromStreamRecord turns one stream record into a herald.Change; only
// components, incidents and subscribers are visible. StreamPoller reads the
// table's stream from DynamoDB Local, where nothing triggers a Lambda, and
// hands the records to the fan-out handler as a Lambda would.
package dynamo
