// Command systraypoll is a baseline for GXP Tray's idle cost: fyne.io/systray
// alone (the tray library GXP Tray uses) plus one goroutine that asks a
// phone for its line status once a second, the least a polling tray
// companion can do. It has no menu logic, no notifications, no hotkey.
//
//	SYSTRAYPOLL_PASSCODE=secret systraypoll -phone http://127.0.0.1:8080
//
// The passcode comes from the environment so it is not in the process list;
// it is never printed. `make bench` runs it beside the tray process, against
// a simulated phone of its own.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"fyne.io/systray"

	"github.com/gxptray/gxptray/scripts/baselines/disc"
)

func main() {
	phone := flag.String("phone", "", "the phone's base URL, e.g. http://127.0.0.1:8080")
	every := flag.Duration("every", time.Second, "time between two line status requests")
	flag.Parse()
	u, err := url.Parse(*phone)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		log.Fatalf("systraypoll: -phone must be an http(s) URL, got %q", *phone)
	}
	q := url.Values{"passcode": {os.Getenv("SYSTRAYPOLL_PASSCODE")}}
	target := strings.TrimRight(u.String(), "/") + "/cgi-bin/api-get_line_status?" + q.Encode()

	systray.Run(func() {
		systray.SetIcon(disc.PNG())
		systray.SetTooltip("systraypoll")
		systray.AddMenuItem("Hello", "")
		go poll(target, *every)
	}, nil)
}

// poll GETs the line status every interval on a keep-alive connection,
// decoding the reply as a client must. Errors are counted, not printed:
// net/http's errors carry the URL, passcode included.
func poll(target string, every time.Duration) {
	client := &http.Client{Timeout: 5 * time.Second}
	t := time.NewTicker(every)
	defer t.Stop()
	failures := 0
	for range t.C {
		if err := getStatus(client, target); err != nil {
			failures++
			if failures == 1 || failures%60 == 0 {
				fmt.Fprintf(os.Stderr, "systraypoll: %d line status requests failed\n", failures)
			}
		}
	}
}

func getStatus(client *http.Client, target string) error {
	resp, err := client.Get(target)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var reply struct {
		Response string          `json:"response"`
		Body     json.RawMessage `json:"body"`
	}
	err = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&reply)
	// Drain what is left so the connection is reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if reply.Response != "success" {
		return fmt.Errorf("phone answered %q", reply.Response)
	}
	var lines []map[string]any
	return json.Unmarshal(reply.Body, &lines)
}
