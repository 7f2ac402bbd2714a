package phonesim

import (
	"strconv"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// Bounds on api-send_key input: a real phone presses keys one second apart,
// so anything longer is a client bug (or hostile) rather than a dial string.
const (
	maxKeysPerRequest = 64
	maxKeysQueued     = 256
)

// plainKeys are the tokens accepted besides digits, LINEn, MPKn and SOFTn.
// Tokens are upper case, like on the phone; "#" and "*" are what %23 and %2A
// decode to and are taken as POUND and STAR.
func plainKey(k string) bool {
	switch k {
	case "STAR", "POUND", "#", "*", "SEND", "OFFHOOK", "ONHOOK", "HOLD", "MUTE", "VUP", "VDOWN",
		"SPEAKER", "HEADSET", "CONF", "TRANSFER", "OK", "UP", "DOWN", "LEFT", "RIGHT", "LOCK", "UNLOCK":
		return true
	}
	return false
}

// numberedKey splits "LINE3" into ("LINE", 3).
func numberedKey(k string) (string, int, bool) {
	for _, prefix := range []string{"LINE", "MPK", "SOFT"} {
		if rest, ok := strings.CutPrefix(k, prefix); ok && rest != "" && rest[0] != '0' && len(rest) <= 2 {
			n, err := strconv.Atoi(rest)
			return prefix, n, err == nil && n > 0
		}
	}
	return "", 0, false
}

// validKey reports whether the phone knows token k. LINEn must name an
// existing line.
func (p *Phone) validKey(k string) bool {
	if len(k) == 1 && k[0] >= '0' && k[0] <= '9' || plainKey(k) {
		return true
	}
	prefix, n, ok := numberedKey(k)
	if !ok {
		return false
	}
	return prefix != "LINE" || n <= p.opt.Lines
}

// parseKeys splits a keys= value; ok is false if any token is unknown, in
// which case nothing is pressed.
func (p *Phone) parseKeys(s string) ([]string, bool) {
	if s == "" {
		return nil, false
	}
	toks := strings.Split(s, ":")
	if len(toks) > maxKeysPerRequest {
		return nil, false
	}
	for _, t := range toks {
		if !p.validKey(t) {
			return nil, false
		}
	}
	return toks, true
}

// queueKeysLocked queues keys for the background worker. Caller holds p.mu.
func (p *Phone) queueKeysLocked(keys []string) bool {
	if len(p.keyQueue)+len(keys) > maxKeysQueued {
		return false
	}
	if len(p.keyQueue) > 0 {
		p.overlaps++
		p.log.Warn("send_key while earlier keys are still being pressed", "pending", len(p.keyQueue))
	}
	p.keyQueue = append(p.keyQueue, keys...)
	if !p.keyRunning {
		p.keyRunning = true
		p.wg.Add(1)
		go p.pressKeys()
	}
	p.changedLocked()
	return true
}

// pressKeys presses queued keys one by one, KeyInterval apart, and exits
// when the queue is empty.
func (p *Phone) pressKeys() {
	defer p.wg.Done()
	t := time.NewTimer(time.Hour)
	t.Stop()
	defer t.Stop()
	for {
		p.mu.Lock()
		if len(p.keyQueue) == 0 || p.closed {
			p.keyRunning = false
			p.mu.Unlock()
			return
		}
		wait := time.Until(p.lastKey.Add(p.opt.KeyInterval))
		if wait > 0 {
			p.mu.Unlock()
			t.Reset(wait)
			select {
			case <-p.ctx.Done():
				p.mu.Lock()
				p.keyRunning = false
				p.mu.Unlock()
				return
			case <-t.C:
			}
			continue // the queue may have been emptied by a reboot meanwhile
		}
		k := p.keyQueue[0]
		p.keyQueue = p.keyQueue[1:]
		p.lastKey = time.Now()
		p.keys = appendCapped(p.keys, k)
		p.pressLocked(k)
		p.settleLocked()
		p.mu.Unlock()
	}
}

// pressLocked applies one key to the phone. Caller holds p.mu.
func (p *Phone) pressLocked(k string) {
	cur := p.currentLocked()
	if d, ok := digitKey(k); ok {
		p.digitLocked(cur, d)
		return
	}
	if p.callKeyLocked(cur, k) {
		return
	}
	p.deviceKeyLocked(cur, k)
}

// digitKey maps a dial-pad key (a digit, STAR, POUND, or the characters
// themselves) to the character it dials.
func digitKey(k string) (string, bool) {
	switch k {
	case "STAR", "*":
		return "*", true
	case "POUND", "#":
		return "#", true
	}
	if len(k) == 1 && k[0] >= '0' && k[0] <= '9' {
		return k, true
	}
	return "", false
}

// callKeyLocked handles the keys that act on calls: SEND, OFFHOOK, ONHOOK,
// HOLD and the line keys. It reports whether k was one of them.
func (p *Phone) callKeyLocked(cur *line, k string) bool {
	switch k {
	case "SEND":
		switch {
		case cur == nil:
			l := p.lines[p.selected-1]
			p.offHookLocked(l)
			p.dialLocked(l, "") // nothing to dial: the call fails
		case cur.state == cti.StateDialing:
			p.dialLocked(cur, cur.buf)
		}
	case "OFFHOOK":
		if r := p.ringingLocked(); r != nil {
			p.connectLocked(r)
		} else if cur == nil {
			p.offHookLocked(p.lines[p.selected-1])
		}
	case "ONHOOK":
		if cur != nil {
			p.hangUpLocked(cur)
		}
	case "HOLD":
		p.toggleHoldLocked(cur)
	default:
		prefix, n, ok := numberedKey(k)
		if !ok || prefix != "LINE" {
			return false
		}
		p.lineKeyLocked(cur, p.lines[n-1])
	}
	return true
}

// deviceKeyLocked handles the keys that change the phone rather than a
// call: mute (DND while idle), volume, speaker, headset. Navigation, MPK and
// soft keys are recorded only.
func (p *Phone) deviceKeyLocked(cur *line, k string) {
	switch k {
	case "MUTE":
		if cur == nil {
			p.dnd = !p.dnd // an idle GXP toggles Do Not Disturb with MUTE
			p.emitDNDLocked()
		} else {
			p.mute = !p.mute
		}
	case "VUP":
		p.volume = min(p.volume+1, maxVolume)
	case "VDOWN":
		p.volume = max(p.volume-1, 0)
	case "SPEAKER":
		p.speaker = !p.speaker
	case "HEADSET":
		p.headset = !p.headset
	}
}

func (p *Phone) digitLocked(cur *line, d string) {
	switch {
	case cur == nil:
		l := p.lines[p.selected-1]
		p.offHookLocked(l)
		l.buf = d
	case cur.state == cti.StateDialing:
		if len(cur.buf) < maxNumberLen {
			cur.buf += d
		}
	case cur.state == cti.StateConnected:
		p.dtmf += d
		if len(p.dtmf) > maxDTMF {
			p.dtmf = p.dtmf[len(p.dtmf)-maxDTMF:]
		}
	}
}

// lineKeyLocked selects line l. Leaving a connected call holds it; leaving
// a line that is only dialing abandons it. An idle line goes off hook; a
// ringing line only gets the focus (accept it with OFFHOOK or acceptcall).
func (p *Phone) lineKeyLocked(cur, l *line) {
	if cur == l {
		return
	}
	if cur != nil {
		switch cur.state {
		case cti.StateConnected:
			p.holdLocked(cur)
		case cti.StateDialing, cti.StateFailed:
			p.endLocked(cur, endLocal)
		}
	}
	if l.state == cti.StateIdle {
		p.offHookLocked(l)
		return
	}
	p.selected = l.n
}

// hangUpLocked is ONHOOK / cancel: reject a ringing call, end anything else.
func (p *Phone) hangUpLocked(l *line) {
	if l.state == cti.StateRinging {
		p.endLocked(l, endRejected)
		return
	}
	p.endLocked(l, endLocal)
}

func (p *Phone) toggleHoldLocked(cur *line) bool {
	switch {
	case cur == nil:
		return false
	case cur.state == cti.StateConnected:
		p.holdLocked(cur)
	case cur.state == cti.StateOnHold:
		p.connectLocked(cur)
	default:
		return false
	}
	return true
}
