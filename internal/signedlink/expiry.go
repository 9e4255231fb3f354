package signedlink

import (
	"strconv"
	"time"
)

// Expiry returns when token expires, as written in it. Only a token that
// Verify accepted should be trusted with it; confirmations use it to tell
// the latest link from earlier ones.
func Expiry(token string) (time.Time, bool) {
	_, exp, _, ok := split(token)
	if !ok {
		return time.Time{}, false
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(unix, 0), true
}
