// Package s3site publishes the rendered status site to an S3 bucket behind
// CloudFront: each file is put with its content type and the cache
// lifetime the site package gives it, and a render ends with one
// CloudFront invalidation of the paths that change most.
package s3site

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/site"
)

// Writer puts the site's files into Bucket. It implements site.Writer.
type Writer struct {
	Client *s3.Client
	Bucket string
}

var _ site.Writer = (*Writer)(nil)

// WriteFile puts one file, with the Cache-Control the site chooses for it.
func (w *Writer) WriteFile(ctx context.Context, path, contentType string, body []byte) error {
	_, err := w.Client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:       aws.String(w.Bucket),
		Key:          aws.String(path),
		Body:         bytes.NewReader(body),
		ContentType:  aws.String(contentType),
		CacheControl: aws.String(site.CacheControl(path)),
	})
	if err != nil {
		return herald.Unavailable(fmt.Errorf("put s3://%s/%s: %w", w.Bucket, path, err), "the site bucket")
	}
	return nil
}

// Invalidator asks CloudFront to drop its copies of the pages that every
// render rewrites, so that people see a change before the cache lifetime
// runs out.
type Invalidator struct {
	Client       *cloudfront.Client
	Distribution string
	Now          func() time.Time
}

// Paths are the paths invalidated after each render: the index, the
// incident pages and the public JSON.
var Paths = []string{"/index.html", "/", "/incidents/*", "/api/v2/*"}

// Invalidate creates one invalidation of Paths.
func (i *Invalidator) Invalidate(ctx context.Context) error {
	now := time.Now
	if i.Now != nil {
		now = i.Now
	}
	_, err := i.Client.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{
		DistributionId: aws.String(i.Distribution),
		InvalidationBatch: &cftypes.InvalidationBatch{
			CallerReference: aws.String("herald-" + strconv.FormatInt(now().UnixNano(), 36)),
			Paths:           &cftypes.Paths{Quantity: aws.Int32(int32(len(Paths))), Items: Paths},
		},
	})
	if err != nil {
		return herald.Unavailable(fmt.Errorf("invalidate distribution %s: %w", i.Distribution, err),
			"the CDN")
	}
	return nil
}
