// Command fidelity holds one walk's screens to another's: two sets of step
// snapshots (internal/aria), A the reference (last night's live run, or the
// repository's reference of the live site, fixtures/zoomsim/live/<flow>/)
// and B (a stand-in run, say). It prints the differences by guide step and
// exits 0 when there are none, 1 when there are, 2 on a usage or read error.
//
//	go run ./cmd/fidelity fixtures/zoomsim/live/classic artifacts/walk-…/report
//	go run ./cmd/fidelity -update fixtures/zoomsim/live/classic /tmp/live/report
//
// Each argument is a set's directory (it has index.json) or a run report's,
// whose sets are at flows/*/aria/: then -flow picks the set by its flow,
// needed only when the report has several. -update prints the differences,
// then makes A's directory an exact copy of B's set (its index and step
// files; A's other .yml files deleted) and exits 0: after a change of the
// live site was seen and judged, the reference follows it.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"lszoom/internal/aria"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fidelity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	update := fs.Bool("update", false, "after printing the differences, make A an exact copy of B's set")
	flow := fs.String("flow", "", "in a run report, the flow whose set to compare (needed when it has several)")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(stderr, "usage: fidelity [-update] [-flow NAME] A B")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return map[bool]int{true: 0, false: 2}[errors.Is(err, flag.ErrHelp)]
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	fail := func(arg string, err error) int { _, _ = fmt.Fprintf(stderr, "fidelity: %s: %v\n", arg, err); return 2 }
	argA, argB := fs.Arg(0), fs.Arg(1)
	dirB, err := locate(argB, *flow)
	if err != nil {
		return fail(argB, err)
	}
	b, err := aria.ReadSet(dirB)
	if err != nil {
		return fail(argB, err)
	}
	var a *aria.Set
	if *update && fresh(argA) { // a new reference: everything in B is new
		a = &aria.Set{Dir: argA, Index: aria.Index{Flow: b.Flow}}
	} else {
		dirA, err := locate(argA, *flow)
		if err != nil {
			return fail(argA, err)
		}
		if a, err = aria.ReadSet(dirA); err != nil {
			return fail(argA, err)
		}
	}
	if a.Flow != b.Flow {
		_, _ = fmt.Fprintf(stderr, "fidelity: warning: A is flow %q, B is flow %q\n", a.Flow, b.Flow)
	}
	res := aria.Compare(a, b)
	_, _ = fmt.Fprint(stdout, res.Text())
	if *update {
		if err := copySet(b, a.Dir); err != nil {
			return fail(argA, err)
		}
		_, _ = fmt.Fprintf(stdout, "updated %s: %d steps from %s\n", a.Dir, len(b.Steps), b.Dir)
		return 0
	}
	return map[bool]int{true: 0, false: 1}[res.Clean()]
}

// fresh says whether dir is missing or an empty directory: where -update
// may make a new set. A directory with anything else in it is not taken
// for a set it would then fill and prune.
func fresh(dir string) bool {
	entries, err := os.ReadDir(dir)
	return errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0)
}

// locate is the set's directory that arg names: arg itself when it has an
// index, else the set of flow (or the only set) in the report arg.
func locate(arg, flow string) (string, error) {
	fi, err := os.Stat(arg)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", errors.New("no such directory")
	case err != nil:
		return "", err
	case !fi.IsDir():
		return "", errors.New("not a directory: a set's (with index.json) or a run report's")
	}
	if ix, err := readIndex(arg); err == nil {
		if flow != "" && ix.Flow != flow {
			return "", fmt.Errorf("the set is flow %q, not %q (-flow)", ix.Flow, flow)
		}
		return arg, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	found, _ := filepath.Glob(filepath.Join(arg, "flows", "*", "aria", aria.IndexFile))
	if len(found) == 0 {
		return "", fmt.Errorf("neither a set of step snapshots (no %s) nor a run report (no flows/*/aria/%s)", aria.IndexFile, aria.IndexFile)
	}
	byFlow := map[string][]string{}
	for _, f := range found {
		dir := filepath.Dir(f)
		ix, err := readIndex(dir)
		if err != nil {
			return "", err
		}
		byFlow[ix.Flow] = append(byFlow[ix.Flow], dir)
	}
	flows := make([]string, 0, len(byFlow))
	for f := range byFlow {
		flows = append(flows, fmt.Sprintf("%q", f))
	}
	slices.Sort(flows)
	if flow == "" {
		if len(byFlow) > 1 {
			return "", fmt.Errorf("the report has sets of several flows (%s): pick one with -flow", strings.Join(flows, ", "))
		}
		for f := range byFlow {
			flow = f
		}
	}
	switch dirs := byFlow[flow]; len(dirs) {
	case 0:
		return "", fmt.Errorf("no set of flow %q in the report (flows: %s)", flow, strings.Join(flows, ", "))
	case 1:
		return dirs[0], nil
	default:
		return "", fmt.Errorf("several sets of flow %q in the report: %s", flow, strings.Join(dirs, ", "))
	}
}

func readIndex(dir string) (aria.Index, error) {
	var ix aria.Index
	data, err := os.ReadFile(filepath.Join(dir, aria.IndexFile))
	if err != nil {
		return ix, err
	}
	if err := json.Unmarshal(data, &ix); err != nil {
		return ix, fmt.Errorf("%s: %w", filepath.Join(dir, aria.IndexFile), err)
	}
	return ix, nil
}

// copySet makes dir an exact copy of set s: its step files and its index,
// byte for byte, then no .yml file its index does not list. The index is
// written after the step files, so that it never lists a file not yet
// there.
func copySet(s *aria.Set, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, name := range append(fileNames(s), aria.IndexFile) {
		data, err := os.ReadFile(filepath.Join(s.Dir, name))
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, name), data); err != nil {
			return err
		}
		keep[name] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if name := e.Name(); e.Type().IsRegular() && strings.HasSuffix(name, ".yml") && !keep[name] {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

func fileNames(s *aria.Set) []string {
	var out []string
	for _, e := range s.Steps {
		out = append(out, e.File)
	}
	return out
}

// writeFile writes data to path through a temporary file and a rename: a
// reference is never left half written.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Chmod(0o644), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}
