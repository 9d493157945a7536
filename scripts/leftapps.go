//go:build ignore

// leftapps prints the apps of a Zoom stand-in's state (GET URL/_sim/state)
// whose name starts with a prefix, one a line; scripts/nightly-standins.sh
// runs it after the nights to say whether any was left.
//
//	go run ./scripts/leftapps.go http://127.0.0.1:PORT "CAE LearningSpace e2e"
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: leftapps ZOOM_STANDIN_URL PREFIX")
		os.Exit(2)
	}
	c := http.Client{Timeout: 10 * time.Second}
	res, err := c.Get(strings.TrimRight(os.Args[1], "/") + "/_sim/state")
	if err != nil {
		fmt.Fprintln(os.Stderr, "leftapps:", err)
		os.Exit(1)
	}
	defer res.Body.Close()
	var st struct {
		Apps []struct {
			Name string `json:"name"`
		} `json:"apps"`
	}
	if res.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "leftapps:", res.Status)
		os.Exit(1)
	}
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		fmt.Fprintln(os.Stderr, "leftapps:", err)
		os.Exit(1)
	}
	for _, a := range st.Apps {
		if strings.HasPrefix(a.Name, os.Args[2]) {
			fmt.Println(a.Name)
		}
	}
}
