package deploy

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/herald-status/herald/internal/dynamo"
)

// storeTableRequests runs dynamo.Store.CreateTable against a loopback
// server that answers as DynamoDB would for a new table, and returns the
// JSON body of each request by operation: the table the code makes where
// no template does.
func storeTableRequests(t *testing.T) map[string]map[string]any {
	t.Helper()
	var mu sync.Mutex
	bodies := map[string]map[string]any{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810.")
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		bodies[op] = body
		mu.Unlock()

		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		switch op {
		case "CreateTable":
			io.WriteString(w, `{"TableDescription":{"TableStatus":"CREATING"}}`)
		case "DescribeTable":
			io.WriteString(w, `{"Table":{"TableStatus":"ACTIVE"}}`)
		case "DescribeTimeToLive":
			io.WriteString(w, `{"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}}`)
		case "UpdateTimeToLive":
			spec, _ := json.Marshal(body["TimeToLiveSpecification"])
			io.WriteString(w, `{"TimeToLiveSpecification":`+string(spec)+`}`)
		default:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"__type":"com.amazon.coral.validate#ValidationException","message":"unexpected `+op+`"}`)
		}
	}))
	defer srv.Close()

	client := dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
	if err := dynamo.New(client, "herald").CreateTable(context.Background()); err != nil {
		t.Fatalf("CreateTable against the loopback server: %v", err)
	}
	if bodies["CreateTable"] == nil || bodies["UpdateTimeToLive"] == nil {
		t.Fatalf("CreateTable made requests %v, want CreateTable and UpdateTimeToLive", sortedKeys(bodies))
	}
	return bodies
}

// TestTableMatchesStore checks that the template's table has the keys,
// indexes, stream and TTL attribute the dynamo store creates for itself
// in tests, and the settings a production table needs.
func TestTableMatchesStore(t *testing.T) {
	tpl := mustLoad(t)
	table := tpl.resource(t, "Table")
	props, _ := table["Properties"].(map[string]any)
	reqs := storeTableRequests(t)
	create := reqs["CreateTable"]

	for k := range create {
		switch k {
		case "TableName", "AttributeDefinitions", "KeySchema", "BillingMode",
			"GlobalSecondaryIndexes", "StreamSpecification":
		default:
			t.Errorf("the store's CreateTable sets %s, which this test does not compare", k)
		}
	}
	same := func(what string, tplValue, storeValue any) {
		t.Helper()
		if !reflect.DeepEqual(normalize(tplValue), normalize(storeValue)) {
			t.Errorf("%s differs\ntemplate: %v\nstore:    %v", what, tplValue, storeValue)
		}
	}
	same("AttributeDefinitions", sortBy(props["AttributeDefinitions"], "AttributeName"),
		sortBy(create["AttributeDefinitions"], "AttributeName"))
	same("KeySchema", props["KeySchema"], create["KeySchema"])
	same("GlobalSecondaryIndexes", sortBy(props["GlobalSecondaryIndexes"], "IndexName"),
		sortBy(create["GlobalSecondaryIndexes"], "IndexName"))
	same("BillingMode", props["BillingMode"], create["BillingMode"])
	same("StreamViewType", get(props, "StreamSpecification", "StreamViewType"),
		get(create, "StreamSpecification", "StreamViewType"))
	same("TTL attribute", get(props, "TimeToLiveSpecification", "AttributeName"),
		get(reqs["UpdateTimeToLive"], "TimeToLiveSpecification", "AttributeName"))

	// What a production table needs and DynamoDB Local does not.
	if get(props, "TimeToLiveSpecification", "Enabled") != true {
		t.Error("TTL is not enabled")
	}
	if get(props, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") != true {
		t.Error("point-in-time recovery is off")
	}
	if props["DeletionProtectionEnabled"] != true {
		t.Error("deletion protection is off")
	}
	if props["BillingMode"] != "PAY_PER_REQUEST" {
		t.Errorf("BillingMode = %v, want PAY_PER_REQUEST", props["BillingMode"])
	}
	if table["DeletionPolicy"] != "Retain" || table["UpdateReplacePolicy"] != "Retain" {
		t.Error("deleting or replacing the stack would delete the table: set both policies to Retain")
	}
}

// sortBy returns a list of maps sorted by one key.
func sortBy(v any, key string) []any {
	s := append([]any(nil), list(v)...)
	sort.Slice(s, func(i, j int) bool {
		a, _ := get(s[i], key).(string)
		b, _ := get(s[j], key).(string)
		return a < b
	})
	return s
}

// normalize round-trips a value through JSON so that YAML's and JSON's
// decodings compare equal.
func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}
