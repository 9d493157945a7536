// Command shard reads top-level test names (one a line, as `go test -list`
// prints them; other lines are ignored) on its standard input and prints
// the -run pattern of the ones in shard E2E_SHARD=i/n, like ^(TestA|TestB)$,
// or nothing if the shard holds none. scripts/shard.sh uses it.
//
// A test's shard is a hash of its name (config.Shard.Holds): stable as tests
// are added, each test in exactly one shard.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"lszoom/internal/config"
)

func main() {
	if err := run(os.Getenv(config.EnvShard), os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "shard:", err)
		os.Exit(2)
	}
}

var testName = regexp.MustCompile(`^(Test|Example|Fuzz)[A-Za-z0-9_]*$`)

func run(shard string, in io.Reader, out io.Writer) error {
	s, err := config.ParseShard(shard)
	if err != nil {
		return err
	}
	var picked []string
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		name := strings.TrimSpace(sc.Text())
		if testName.MatchString(name) && s.Holds(name) {
			picked = append(picked, name)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(picked) > 0 {
		_, err = fmt.Fprintf(out, "^(%s)$\n", strings.Join(picked, "|"))
	}
	return err
}
