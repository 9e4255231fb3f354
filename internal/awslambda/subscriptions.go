package awslambda

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/herald-status/herald/internal/signedlink"
)

// Linker returns the maker and checker of subscriber links under the site
// at publicURL, signed with the key in the Secrets Manager secret
// linkKeySecret, and that key, from which SMS codes are derived too. The
// key is used as stored, exactly as the fan-out uses it, so that links
// one function signs the other accepts. A key too short to sign with is
// an error here rather than a panic later.
func Linker(ctx context.Context, cfg aws.Config, linkKeySecret,
	publicURL string) (*signedlink.Linker, []byte, error) {
	if publicURL == "" {
		return nil, nil, fmt.Errorf("HERALD_PUBLIC_URL is not set")
	}
	key, err := Secret(ctx, cfg, linkKeySecret)
	if err != nil {
		return nil, nil, fmt.Errorf("link key: %w", err)
	}
	l, err := signedlink.NewLinker([]byte(key), publicURL)
	if err != nil {
		return nil, nil, err
	}
	return l, []byte(key), nil
}

// Rate reads the rate a second that the environment variable name holds
// as v; "" is no limit. It is how functions read HERALD_EMAIL_RATE and
// HERALD_SMS_RATE, and the same rule the fan-out reads them by.
func Rate(name, v string) (float64, error) {
	r, err := parseRate(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}
