package deploy

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// This file finds the AWS API calls a function's code can make, by
// type-checking the module's packages from source and following calls
// from main. It over-approximates on purpose:
//
//   - a function or method used as a value is taken to be called;
//   - an interface method call reaches every method of the module's types
//     (in the function's import graph) that implements the interface;
//   - a module method that matches a method of an interface declared
//     outside the module (http.Handler, fs.FS, error, ...) is taken to be
//     called by that outside code.
//
// An AWS call is a call of an SDK client method, paginator or waiter, or
// of any interface method, that takes a *<service>.<Operation>Input.
// Packages outside the module come from the compiler's export data, so
// only the module's own code is read.

const modulePath = "github.com/herald-status/herald"

// A listedPackage is what `go list -json` says about one package.
type listedPackage struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
	Module     *struct{ Path string }
	DepsErrors []struct{ Err string }
	Error      *struct{ Err string }
}

// callProgram is the module's code as the functions' mains see it.
type callProgram struct {
	root   string // the repository
	fset   *token.FileSet
	pkgs   map[string]*checkedPackage // module packages by import path
	decls  map[*types.Func]*ast.FuncDecl
	vars   map[*types.Var]*ast.ValueSpec // package-level vars of the module
	infoOf map[ast.Node]*types.Info
	extern map[string]bool // name+signature of methods of outside interfaces
	types  []*types.Named  // the module's named non-interface types
}

// A checkedPackage is a module package parsed and type-checked.
type checkedPackage struct {
	path    string
	files   []*ast.File
	types   *types.Package
	info    *types.Info
	imports []string // module packages it imports, directly or not
}

// loadCallProgram type-checks the module packages the given mains import,
// for Lambda's platform and build tags.
func loadCallProgram(root string, mains []string) (*callProgram, error) {
	args := append([]string{"list", "-deps", "-export", "-json"}, lambdaBuildFlags...)
	cmd := exec.Command("go", append(args, mains...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), lambdaBuildEnv...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.String())
	}

	var listed []listedPackage
	for dec := json.NewDecoder(strings.NewReader(string(out))); ; {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		if p.Error != nil {
			return nil, fmt.Errorf("%s: %s", p.ImportPath, p.Error.Err)
		}
		listed = append(listed, p)
	}

	prog := &callProgram{
		root:   root,
		fset:   token.NewFileSet(),
		pkgs:   map[string]*checkedPackage{},
		decls:  map[*types.Func]*ast.FuncDecl{},
		vars:   map[*types.Var]*ast.ValueSpec{},
		infoOf: map[ast.Node]*types.Info{},
		extern: map[string]bool{},
	}
	exports := map[string]string{}
	for _, p := range listed {
		exports[p.ImportPath] = p.Export
	}
	gc := importer.ForCompiler(prog.fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	imp := importerFunc(func(path string) (*types.Package, error) {
		if p, ok := prog.pkgs[path]; ok {
			return p.types, nil
		}
		return gc.Import(path)
	})

	// go list -deps lists a package after everything it imports.
	for _, p := range listed {
		if p.Module == nil || p.Module.Path != modulePath {
			continue
		}
		cp, err := prog.check(p, imp)
		if err != nil {
			return nil, err
		}
		prog.pkgs[p.ImportPath] = cp
	}
	prog.index()
	return prog, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// check parses and type-checks one module package.
func (prog *callProgram) check(p listedPackage, imp types.Importer) (*checkedPackage, error) {
	cp := &checkedPackage{path: p.ImportPath, info: &types.Info{
		Uses:       map[*ast.Ident]types.Object{},
		Defs:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Types:      map[ast.Expr]types.TypeAndValue{},
	}}
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(prog.fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		cp.files = append(cp.files, f)
	}
	conf := types.Config{Importer: imp, Sizes: types.SizesFor("gc", "arm64")}
	var err error
	cp.types, err = conf.Check(p.ImportPath, prog.fset, cp.files, cp.info)
	if err != nil {
		return nil, fmt.Errorf("type-check %s: %w", p.ImportPath, err)
	}

	seen := map[string]bool{}
	var walk func(*types.Package)
	walk = func(tp *types.Package) {
		for _, dep := range tp.Imports() {
			if dp := prog.pkgs[dep.Path()]; dp != nil && !seen[dep.Path()] {
				seen[dep.Path()] = true
				walk(dp.types)
			}
		}
	}
	walk(cp.types)
	cp.imports = sortedKeys(seen)
	return cp, nil
}

// index records every function body of the module, its named types, and
// the methods of every interface declared outside the module.
func (prog *callProgram) index() {
	outside := map[*types.Package]bool{}
	var visit func(*types.Package)
	visit = func(tp *types.Package) {
		for _, dep := range tp.Imports() {
			if prog.pkgs[dep.Path()] == nil && !outside[dep] {
				outside[dep] = true
				visit(dep)
			}
		}
	}
	for _, cp := range prog.pkgs {
		visit(cp.types)
		for _, f := range cp.files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Body != nil {
						prog.decls[cp.info.Defs[d.Name].(*types.Func)] = d
						prog.infoOf[d] = cp.info
					}
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						if vs, ok := spec.(*ast.ValueSpec); ok && d.Tok == token.VAR {
							for _, id := range vs.Names {
								if v, ok := cp.info.Defs[id].(*types.Var); ok {
									prog.vars[v] = vs
								}
							}
							prog.infoOf[vs] = cp.info
						}
					}
				}
			}
		}
		for _, name := range cp.types.Scope().Names() {
			if tn, ok := cp.types.Scope().Lookup(name).(*types.TypeName); ok && !tn.IsAlias() {
				if n, ok := tn.Type().(*types.Named); ok && !types.IsInterface(n) {
					prog.types = append(prog.types, n)
				}
			}
		}
	}
	for tp := range outside {
		for _, name := range tp.Scope().Names() {
			tn, ok := tp.Scope().Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			if iface, ok := tn.Type().Underlying().(*types.Interface); ok {
				for m := range iface.Methods() {
					prog.extern[methodKey(m)] = true
				}
			}
		}
	}
}

// methodKey names a method by its name and its parameter and result
// types; the receiver and the parameters' names are left out.
func methodKey(m *types.Func) string {
	sig := m.Signature()
	var b strings.Builder
	b.WriteString(m.Name())
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		b.WriteString("(")
		for v := range tuple.Variables() {
			b.WriteString(types.TypeString(v.Type(), nil) + ",")
		}
		b.WriteString(")")
	}
	if sig.Variadic() {
		b.WriteString("...")
	}
	return b.String()
}

// An awsCall is one AWS API call site.
type awsCall struct {
	action string // the IAM action, such as dynamodb:PutItem
	at     string // file:line, relative to the repository
	via    string // how main reaches it
}

// awsCalls returns the AWS calls reachable from one main package.
func (prog *callProgram) awsCalls(mainPkg string) ([]awsCall, error) {
	mp := prog.pkgs[mainPkg]
	if mp == nil {
		return nil, fmt.Errorf("%s was not loaded", mainPkg)
	}
	w := &walker{
		prog:    prog,
		closure: map[string]bool{mainPkg: true},
		reached: map[walkKey]bool{},
		info:    map[ast.Node]*types.Info{},
		parent:  map[ast.Node]ast.Node{},
	}
	for _, p := range mp.imports {
		w.closure[p] = true
	}
	w.roots(mainPkg)
	for len(w.queue) > 0 {
		k := w.queue[0]
		w.queue = w.queue[1:]
		w.walk(k)
	}
	return w.calls, nil
}

// A walker follows one main's code from its roots to the AWS calls.
type walker struct {
	prog    *callProgram
	closure map[string]bool // the module packages the main imports
	reached map[walkKey]bool
	queue   []walkKey
	info    map[ast.Node]*types.Info
	parent  map[ast.Node]ast.Node // why a node was reached
	calls   []awsCall
}

// A walkKey is a node to walk, and whether only the calls in it run. At
// start, a variable's initialiser runs its calls; the closures and function
// values it makes run only once the variable is used.
type walkKey struct {
	n        ast.Node
	initOnly bool
}

// reach queues a node to be walked, reached from another.
func (w *walker) reach(n ast.Node, info *types.Info, initOnly bool, from ast.Node) {
	k := walkKey{n, initOnly}
	if n == nil || w.reached[k] || initOnly && w.reached[walkKey{n, false}] {
		return
	}
	w.reached[k] = true
	w.info[n] = info
	if _, seen := w.parent[n]; !seen {
		w.parent[n] = from
	}
	w.queue = append(w.queue, k)
}

// reachFunc queues a module function's body.
func (w *walker) reachFunc(fn *types.Func, initOnly bool, from ast.Node) {
	if fd := w.prog.decls[fn.Origin()]; fd != nil && w.closure[fn.Pkg().Path()] {
		w.reach(fd, w.prog.infoOf[fd], initOnly, from)
	}
}

// roots queues what runs without being called from the module: package
// initialisation, main, and the methods that code outside the module may
// call through its own interfaces.
func (w *walker) roots(mainPkg string) {
	for p := range w.closure {
		cp := w.prog.pkgs[p]
		for _, f := range cp.files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						if vs, ok := spec.(*ast.ValueSpec); ok && d.Tok == token.VAR {
							w.reach(vs, cp.info, true, nil)
						}
					}
				case *ast.FuncDecl:
					if d.Recv == nil && (d.Name.Name == "init" || p == mainPkg && d.Name.Name == "main") {
						w.reach(d, cp.info, false, nil)
					}
				}
			}
		}
	}
	for _, n := range w.prog.types {
		if !w.closure[n.Obj().Pkg().Path()] {
			continue
		}
		for m := range n.Methods() {
			if w.prog.extern[methodKey(m)] {
				w.reachFunc(m, false, nil)
			}
		}
	}
}

// walk records the AWS calls in one node and queues what it reaches.
func (w *walker) walk(k walkKey) {
	info := w.info[k.n]
	callees := map[*ast.Ident]bool{}
	ast.Inspect(k.n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			if x.Body == k.n {
				return true
			}
			if !k.initOnly {
				w.reach(x.Body, info, false, k.n)
			}
			return false
		case *ast.CompositeLit:
			w.record(w.prog.transactionItems(x, info), k.n)
		case *ast.CallExpr:
			if c, ok := w.prog.sdkCall(x, info); ok {
				w.record([]awsCall{c}, k.n)
			}
			if id := calleeIdent(x); id != nil {
				callees[id] = true
			}
		case *ast.Ident:
			switch obj := info.Uses[x].(type) {
			case *types.Var:
				if vs := w.prog.vars[obj]; vs != nil && w.closure[obj.Pkg().Path()] {
					w.reach(vs, w.prog.infoOf[vs], false, k.n)
				}
			case *types.Func:
				if k.initOnly && !callees[x] {
					return true // a function value, not called yet
				}
				if recv := obj.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
					w.prog.dispatch(obj, w.closure, func(fn *types.Func) { w.reachFunc(fn, k.initOnly, k.n) })
				} else {
					w.reachFunc(obj, k.initOnly, k.n)
				}
			}
		}
		return true
	})
}

// record adds calls found in node n, with the path that reaches n.
func (w *walker) record(calls []awsCall, n ast.Node) {
	var names []string
	for m := n; m != nil && len(names) < 12; m = w.parent[m] {
		names = append(names, w.prog.nodeName(m))
	}
	slices.Reverse(names)
	for _, c := range calls {
		c.via = strings.Join(names, " → ")
		w.calls = append(w.calls, c)
	}
}

// calleeIdent returns the name a call is made by, nil for a call of a
// function value that is not named.
func calleeIdent(call *ast.CallExpr) *ast.Ident {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	case *ast.IndexExpr: // an instantiated generic function
		return calleeIdent(&ast.CallExpr{Fun: f.X})
	case *ast.IndexListExpr:
		return calleeIdent(&ast.CallExpr{Fun: f.X})
	}
	return nil
}

// nodeName names a reached node for a call path: pkg.Func, pkg.Type.Method,
// var pkg.name, or a function literal's position.
func (prog *callProgram) nodeName(n ast.Node) string {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if fn, ok := prog.infoOf[n].Defs[n.Name].(*types.Func); ok {
			return strings.TrimPrefix(fn.FullName(), modulePath+"/")
		}
	case *ast.ValueSpec:
		return "var " + n.Names[0].Name
	}
	return "func literal at " + prog.fset.Position(n.Pos()).String()
}

// dispatch reaches every module method an interface method call may run.
func (prog *callProgram) dispatch(m *types.Func, closure map[string]bool, reach func(*types.Func)) {
	iface, ok := m.Signature().Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return
	}
	for _, n := range prog.types {
		if !closure[n.Obj().Pkg().Path()] {
			continue
		}
		var t types.Type = n
		if !types.Implements(t, iface) {
			if t = types.NewPointer(n); !types.Implements(t, iface) {
				continue
			}
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
		if fn, ok := obj.(*types.Func); ok {
			reach(fn)
		}
	}
}

// sdkCall reports the AWS call a call expression makes, if it makes one:
// a call of an SDK function or method, or of an interface method, with a
// *<service>.<Operation>Input parameter.
func (prog *callProgram) sdkCall(call *ast.CallExpr, info *types.Info) (awsCall, bool) {
	fn, ok := info.Uses[calleeIdent(call)].(*types.Func)
	if !ok {
		return awsCall{}, false
	}
	recv := fn.Signature().Recv()
	if fn.Pkg() != nil && prog.pkgs[fn.Pkg().Path()] != nil && (recv == nil || !types.IsInterface(recv.Type())) {
		return awsCall{}, false // module code: its body is followed instead
	}
	for p := range fn.Signature().Params().Variables() {
		ptr, ok := p.Type().(*types.Pointer)
		if !ok {
			continue
		}
		named, ok := ptr.Elem().(*types.Named)
		if !ok || named.Obj().Pkg() == nil {
			continue
		}
		pkg := named.Obj().Pkg().Path()
		svc, ok := strings.CutPrefix(pkg, "github.com/aws/aws-sdk-go-v2/service/")
		op, isInput := strings.CutSuffix(named.Obj().Name(), "Input")
		if ok && isInput && !strings.Contains(svc, "/") {
			action := iamAction(svc, op)
			return awsCall{action: action, at: prog.position(call.Pos())}, action != ""
		}
	}
	return awsCall{}, false
}

// transactionItems returns the item actions of a DynamoDB transaction
// item literal: IAM authorises a transaction item by item.
func (prog *callProgram) transactionItems(lit *ast.CompositeLit, info *types.Info) []awsCall {
	t := info.Types[lit].Type
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil ||
		named.Obj().Pkg().Path() != "github.com/aws/aws-sdk-go-v2/service/dynamodb/types" {
		return nil
	}
	item := map[string]string{"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
		"ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}
	switch named.Obj().Name() {
	case "TransactWriteItem", "TransactGetItem":
	default:
		return nil
	}
	var calls []awsCall
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && item[k.Name] != "" {
				calls = append(calls, awsCall{action: "dynamodb:" + item[k.Name], at: prog.position(kv.Pos())})
			}
		}
	}
	return calls
}

// iamAction maps an SDK operation to the IAM action that authorises it.
func iamAction(svc, op string) string {
	prefix := map[string]string{"sesv2": "ses", "dynamodbstreams": "dynamodb"}[svc]
	if prefix == "" {
		prefix = svc
	}
	renamed := map[string]string{
		"s3:ListObjectsV2": "ListBucket", "s3:HeadObject": "GetObject", "s3:HeadBucket": "ListBucket",
		"s3:DeleteObjects":                 "DeleteObject",
		"sqs:SendMessageBatch":             "SendMessage",
		"sqs:DeleteMessageBatch":           "DeleteMessage",
		"sqs:ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
		"sns:PublishBatch":                 "Publish",
	}
	if r := renamed[prefix+":"+op]; r != "" {
		op = r
	}
	if prefix == "dynamodb" && (op == "TransactWriteItems" || op == "TransactGetItems") {
		return "" // authorised item by item: see transactionItems
	}
	return prefix + ":" + op
}

// position is a call's file and line, relative to the repository.
func (prog *callProgram) position(pos token.Pos) string {
	p := prog.fset.Position(pos)
	if rel, err := filepath.Rel(prog.root, p.Filename); err == nil {
		return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)
	}
	return p.String()
}

// actionsOf returns the distinct actions of some calls, sorted, each with
// one call that makes it.
func actionsOf(calls []awsCall) ([]string, map[string]awsCall) {
	where := map[string]awsCall{}
	for _, c := range calls {
		if prev, ok := where[c.action]; !ok || c.at < prev.at {
			where[c.action] = c
		}
	}
	return sortedKeys(where), where
}
