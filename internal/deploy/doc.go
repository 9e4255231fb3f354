// Package deploy describes what Herald's AWS deployment owes each Lambda
// function: the environment variables its main reads and the AWS API
// actions its code calls. template.yaml is held to these lists by the tests
// in this package, which also parse the template, resolve every reference
// in it, check each function's IAM policy, and build each function the way
// `sam build` does.
//
// A main reads its configuration by the names here, so that renaming a
// variable is a compile error rather than a function that starts without
// its table.
package deploy
