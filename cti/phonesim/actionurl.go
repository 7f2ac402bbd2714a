package phonesim

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"
)

// Action URL: on call events the phone sends a plain GET to a configured URL
// template. The simulator reproduces what real phones put on the wire,
// quirks included, because receivers must survive them:
//   - values are substituted raw: a display name with spaces puts raw spaces
//     in the request line, "+" stays "+", UTF-8 goes out as bytes;
//   - a variable without a value is sent literally ("$remote");
//   - a value longer than 256 bytes is dropped (replaced by nothing);
//   - the template may lack a scheme ("127.0.0.1:8080/path?x=$remote").
//
// Requests go out in event order, one at a time, each with a 2 s timeout;
// failures are logged and forgotten, as a phone does.

const (
	actionTimeout   = 2 * time.Second
	maxActionValue  = 256
	maxActionQueue  = 64
	actionUserAgent = "Grandstream "
)

// ActionEvents lists the events Options.ActionURLs accepts, with the phone's
// P-value for each (the config key a real phone stores the URL under).
func ActionEvents() map[string]string {
	return map[string]string{
		"offhook":     "P8308",
		"onhook":      "P8309",
		"incoming":    "P8310",
		"outgoing":    "P8311",
		"missed":      "P8312",
		"established": "P8313",
		"terminated":  "P8314",
		"hold":        "P8324",
		"unhold":      "P8325",
		"dnd_on":      "P8316",
		"dnd_off":     "P8317",
	}
}

// actionVarNames, longest first so "$display_remote" is not read as a
// shorter name.
func actionVarNames() []string {
	return []string{"hardware_version", "program_version", "display_remote", "display_local",
		"calldirection", "active_user", "language", "phone_ip", "duration", "product", "call-id",
		"remote", "local", "mac"}
}

type actionTemplate struct {
	addr   string // host:port to dial
	host   string // Host header, as written in the template
	target string // request target, variables not yet expanded
}

type actionRequest struct {
	event  string
	addr   string
	host   string
	target string
}

func parseActionURLs(m map[string]string, log *slog.Logger) map[string]actionTemplate {
	known := ActionEvents()
	out := map[string]actionTemplate{}
	for ev, tmpl := range m {
		if _, ok := known[ev]; !ok {
			log.Warn("ignoring Action URL for an unknown event", "event", ev)
			continue
		}
		t, err := parseActionURL(tmpl)
		if err != nil {
			log.Warn("ignoring Action URL", "event", ev, "err", err)
			continue
		}
		out[ev] = t
	}
	return out
}

// parseActionURL splits a template into address and request target. Only
// plain http is supported (which is what desktop receivers listen on).
func parseActionURL(tmpl string) (actionTemplate, error) {
	t := strings.TrimSpace(tmpl)
	if i := strings.Index(t, "://"); i >= 0 && !strings.ContainsAny(t[:i], "/?") {
		if scheme := strings.ToLower(t[:i]); scheme != "http" {
			return actionTemplate{}, fmt.Errorf("scheme %q not supported, use http", scheme)
		}
		t = t[i+3:]
	}
	host, target := t, "/"
	if i := strings.IndexAny(t, "/?"); i >= 0 {
		host, target = t[:i], t[i:]
		if target[0] == '?' {
			target = "/" + target
		}
	}
	if host == "" || strings.ContainsAny(host, " $@\r\n\t") {
		return actionTemplate{}, errors.New("no usable host in the URL")
	}
	addr := host
	if _, _, err := net.SplitHostPort(host); err != nil {
		addr = net.JoinHostPort(strings.Trim(host, "[]"), "80")
	}
	return actionTemplate{addr: addr, host: host, target: target}, nil
}

// expandAction substitutes $variables the way the phone does (see the top
// of this file).
func expandAction(t string, vars map[string]string) string {
	names := actionVarNames()
	var b strings.Builder
	for i := 0; i < len(t); {
		if t[i] == '$' {
			name := ""
			for _, n := range names {
				if strings.HasPrefix(t[i+1:], n) {
					name = n
					break
				}
			}
			if name != "" {
				v := vars[name]
				switch {
				case v == "":
					b.WriteString("$" + name)
				case len(v) > maxActionValue:
				default:
					// CR/LF would end the request line; nothing else is touched.
					b.WriteString(strings.NewReplacer("\r", " ", "\n", " ").Replace(v))
				}
				i += 1 + len(name)
				continue
			}
		}
		b.WriteByte(t[i])
		i++
	}
	return b.String()
}

// actionVarsLocked returns the variable values for an event on line l.
// Caller holds p.mu.
func (p *Phone) actionVarsLocked(l *line) map[string]string {
	id := p.opt.Identity
	a := p.opt.Accounts[l.acct]
	v := map[string]string{
		"phone_ip":         id.IP,
		"mac":              id.MAC,
		"product":          id.Product,
		"program_version":  id.ProgramVersion,
		"hardware_version": id.HardwareVersion,
		"language":         id.Language,
		"local":            a.SIPID,
		"display_local":    a.Name,
		"active_user":      a.SIPID,
		"remote":           l.number,
		"display_remote":   l.name,
		"calldirection":    string(l.dir),
	}
	if l.call != 0 {
		v["call-id"] = strconv.FormatUint(l.call, 10)
	}
	if !l.answer.IsZero() {
		v["duration"] = strconv.Itoa(int(p.opt.Now().Sub(l.answer).Seconds()))
	}
	return v
}

// emitLocked queues the Action URL request of event for line l, if one is
// configured. Caller holds p.mu.
func (p *Phone) emitLocked(event string, l *line) {
	t, ok := p.actions[event]
	if !ok || p.closed {
		return
	}
	if len(p.outbox) >= maxActionQueue {
		p.log.Warn("Action URL queue full, dropping event", "event", event)
		return
	}
	p.outbox = append(p.outbox, actionRequest{event: event, addr: t.addr, host: t.host,
		target: expandAction(t.target, p.actionVarsLocked(l))})
	if !p.outboxRunning {
		p.outboxRunning = true
		p.wg.Add(1)
		go p.sendActions()
	}
}

// sendActions sends queued Action URL requests in order and exits when the
// queue is empty.
func (p *Phone) sendActions() {
	defer p.wg.Done()
	for {
		p.mu.Lock()
		if len(p.outbox) == 0 || p.closed {
			p.outbox = nil
			p.outboxRunning = false
			p.mu.Unlock()
			return
		}
		req := p.outbox[0]
		p.outbox = p.outbox[1:]
		p.mu.Unlock()
		status, err := p.sendAction(req)
		if err != nil {
			p.log.Warn("Action URL request failed", "event", req.event, "addr", req.addr, "err", err)
			continue
		}
		p.log.Debug("Action URL sent", "event", req.event, "addr", req.addr, "status", status)
	}
}

// sendAction writes the request by hand: net/http would escape the raw
// spaces and bytes a real phone sends. It returns the receiver's status line.
func (p *Phone) sendAction(req actionRequest) (string, error) {
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", req.addr)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	ua := actionUserAgent + p.opt.Identity.Product + " " + p.opt.Identity.ProgramVersion
	msg := "GET " + req.target + " HTTP/1.1\r\nHost: " + req.host + "\r\nUser-Agent: " + ua +
		"\r\nAccept: */*\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(conn, msg); err != nil {
		return "", err
	}
	status, err := bufio.NewReader(io.LimitReader(conn, 4096)).ReadString('\n')
	if err != nil && status == "" {
		return "", fmt.Errorf("no reply: %w", err)
	}
	return strings.TrimSpace(status), nil
}
