// Package sqsretry keeps Herald's webhook retries in SQS. Queue is the
// fanout.RetryQueue of the fan-out and retry functions: Schedule sends a
// retry with a delay, DeadLetter an account of a delivery given up on.
// Handler is the retry function's handler of SQS batches, which hands each
// retry to fanout.Fanout.Retry and names the messages to deliver again by
// message id.
//
// # Delays past fifteen minutes
//
// SQS delays a message by at most fifteen minutes, and Backoff's delays
// grow to hours. A retry carries the time it is due; Schedule delays it
// by what is left, up to SQS's limit, and the handler sends a retry that
// arrives before it is due on again, for the rest. Each leg is a new
// message.
//
// # The dead-letter queue
//
// Because each leg and each attempt is a new message, a message is
// normally received once, and the queue's receive count says nothing about
// how many attempts a delivery has had. So the redrive policy cannot be
// what ends a delivery's attempts: fanout.Fanout.Retry itself sends the
// dead-letter account after the last attempt (DeadLetter). The redrive
// policy stays, for a message the function fails on again and again (one
// that is not a retry, or a store that is down for longer than the
// receives last); such a message reaches the dead-letter queue as it was
// sent, a retry rather than an account.
package sqsretry
