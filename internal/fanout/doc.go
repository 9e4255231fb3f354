// Package fanout turns each published incident change into notifications:
// one per new public update, active subscriber following one of the
// incident's components, and channel. It is driven by the store's change
// feed (the DynamoDB stream in AWS), never by request handlers, and hands
// each notification to the herald.Sender of its channel. Fanout.Retry
// makes the later attempts at webhooks, from the retry queue.
//
// # Scale
//
// Each channel has its own lister, which pages through that channel's
// followers of the incident's components (Store.Followers), and its own
// workers, Concurrency of them, each taking a chunk of followers at a
// time: 50 for e-mail, the most one SES SendBulkEmail call takes, fewer
// for the channels sent one by one. Memory holds a page and a few chunks
// per channel, however many subscribers there are. A chunk waits for its
// channel's rate (Rates) once claimed, for the sends it still owes only,
// so a change processed again skips what was sent at the store's pace; and
// a slow channel holds up no other. With QueueWebhooks, as the Lambdas and
// the local runner run it, even a webhook's first attempt goes through the
// retry queue, so a receiver that is slow or down holds up no later change
// either: the retry worker waits on it, not the change.
//
// # Once, and not lost
//
// Every notification has a Delivery whose id is derived from the update,
// the subscriber and the channel. A worker claims a chunk's deliveries
// with Store.ClaimDeliveries, which stores each only if its id is free,
// with a lease: the claimer's id and a time until which it alone may send
// it. It sends, then records each outcome with a conditional write, one
// that holds only if the delivery's version is still the one it claimed:
//
//   - sent, or dead (the sender said the message can never go): final;
//   - failed (the sender said EUNAVAILABLE): a webhook goes to the retry
//     queue (below); an e-mail or SMS is sent again when the change is
//     processed again, up to MaxAttempts sends in all, then dead;
//   - pending without a lease: claimed but not sent because the run
//     stopped; owed, and taken by the next run.
//
// A claim that loses finds the delivery stored. A run skips it when it is
// final or queued; waits while another run's lease on it lasts; and takes
// over, with a conditional write, a delivery that is failed, owed, or
// left pending by a run whose lease ran out. So a change processed twice,
// or by two workers at once, sends nothing twice, and a change processed
// again after a failure or a hand-off sends only what is still owed.
//
// One window is left that no store can close: a crash (the process killed,
// the Lambda timing out) after the provider accepted a message and before
// its outcome was written. The delivery is then pending, its lease runs
// out, and nobody can know whether the message went. Herald chooses per
// channel. E-mail and webhooks are sent again: at least once, since a lost
// incident notice is worse than a second copy. Every webhook carries its
// delivery id as webhook-id, the same on every attempt, for the receiver
// to drop the copy; a second e-mail reads as the first, tracking id and
// all. SMS is not sent again: at most once, since a second text cannot be
// told from the first and costs money; the delivery is marked dead with
// the reason, and the admin's delivery report shows it.
//
// Sends never run under the run's own context: a stop or a hand-off lets
// each send finish, to its own SendTimeout, and records it, so only a real
// crash opens the window. A run sends only while its lease outlasts one
// more SendTimeout, so a slow run is never taken over while it sends.
//
// # Deadline
//
// When the context of HandleChange has a deadline, the run stops claiming
// Reserve before it, lets the sends under way finish and be recorded, and
// hands back what it claimed but did not send. It then returns an
// EUNAVAILABLE error wrapping ErrHandedOn. The stream handler reports the
// record as the batch's failure, so Lambda invokes the function again with
// the same record and the next run goes on: what was sent is skipped at
// the cost of one claim (a failed conditional write in DynamoDB, a read in
// the embedded store). Each hand-off spends one of the event source's
// retries, so a change can take at most MaximumRetryAttempts+1
// invocations (nine, with the template's eight retries, about 40 minutes
// of sending): at 100 e-mails a second, 250,000 subscribers. A larger list
// needs a faster rate or a continuation message of its own.
//
// # Webhook retries
//
// A webhook that fails in a way that may pass (a timeout, a failed
// connection, 408, 429 or 5xx) does not fail the change. Its next attempt
// is scheduled on the RetryQueue (the SQS retry queue) after Backoff's
// delay, and only then is the delivery recorded failed; any other 4xx is
// dead at once. Fanout.Retry makes each later attempt, the same way: it
// takes the delivery over with a conditional write, sends, and schedules
// the next. A retry whose attempt the delivery has moved past is dropped,
// so a message the queue delivers twice sends once. After
// Backoff.Attempts attempts, one more retry is queued at once, and Retry,
// finding the delivery out of attempts, puts an account of it in the
// dead-letter queue and records it dead: only the retry function writes
// to that queue. The queue's own redrive to the dead-letter queue only
// catches messages the retry function keeps failing on.
package fanout
