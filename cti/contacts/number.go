package contacts

import (
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"

	"github.com/gxptray/gxptray/cti"
)

// A key is a number in canonical form, packed into 64 bits: the digits as a
// decimal value (bits 0..56), the digit count (bits 57..61) and whether the
// digits are E.164 (bit 62) or bare (PBX extensions, unparsed numbers).
type key uint64

const (
	maxKeyDigits = 17 // 10^17 < 2^57
	digitsMask   = 1<<57 - 1
	e164Bit      = 1 << 62
	minSuffix    = 7 // a caller's number this long may be a stored one without its area code
	maxDialPre   = 3 // digits a PBX or the phone puts in front (9, 0, 00, 810)
	minExtDigits = 2 // a stored number shorter than this never matches by suffix
)

func makeKey(digits string, e164 bool) (key, bool) {
	if len(digits) == 0 || len(digits) > maxKeyDigits {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	k := key(v) | key(len(digits))<<57
	if e164 {
		k |= e164Bit
	}
	return k, true
}

func (k key) ndigits() int  { return int(k>>57) & 31 }
func (k key) value() uint64 { return uint64(k) & digitsMask }
func (k key) isE164() bool  { return k&e164Bit != 0 }
func (k key) withE164(e bool) key {
	if e {
		return k | e164Bit
	}
	return k &^ e164Bit
}

// digits writes the key's digits back.
func (k key) digits() string {
	n := k.ndigits()
	b := make([]byte, n)
	v := k.value()
	for i := n - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b)
}

// String is the number as shown and dialed: +E.164, or the bare digits.
func (k key) String() string {
	if k.isE164() {
		return "+" + k.digits()
	}
	return k.digits()
}

// suffix is the key of the last n digits (bare).
func (k key) suffix(n int) key {
	v := k.value()
	p := uint64(1)
	for i := 0; i < n; i++ {
		p *= 10
	}
	return key(v%p) | key(n)<<57
}

// Canon turns numbers into keys under one region's numbering plan. Safe
// for concurrent use.
//
// Asking phonenumbers costs about 30 µs a number (3 s for 100,000 contacts),
// so its answer is kept per shape (a leading '+', the digit count and the
// first five digits): the national prefix it strips and the country code it
// puts in front are the same for every number of one shape, and a book of
// one region has a few thousand shapes at most.
type Canon struct {
	region string // ISO 3166 alpha-2, upper case; "" = none: only +numbers are E.164
	mu     sync.Mutex
	shapes map[shape]rewrite
}

type shape struct {
	plus   bool
	n      uint8
	prefix [shapeDigits]byte
}

// rewrite: E.164 digits = cc + digits[strip:]; ok false = not a possible
// number of the plan (kept as bare digits).
type rewrite struct {
	ok    bool
	strip uint8
	cc    string
}

const (
	shapeDigits = 5
	maxShapes   = 1 << 16
)

// NewCanon returns the canonicalizer for region ("" = DefaultRegion()).
func NewCanon(region string) *Canon {
	if region == "" {
		region = DefaultRegion()
	}
	return &Canon{region: strings.ToUpper(strings.TrimSpace(region)), shapes: map[shape]rewrite{}}
}

// Region is the region national numbers are read in.
func (c *Canon) Region() string { return c.region }

// key finds the canonical key of text as people write it ("8 (495) 765-43-21",
// "+7 495 765 43 21", "tel:+74957654321", "203", "+1 555 0100 ext. 12": the
// extension is not part of the number).
func (c *Canon) key(text string) (key, bool) {
	digits, plus, feature, ok := cleanDigits(text)
	if !ok {
		d, err := cti.NumberRules{InternalDigits: -1}.Normalize(text)
		if err != nil {
			return 0, false
		}
		n, _, _ := strings.Cut(d.String(), ",")
		feature = strings.ContainsAny(n, "*#")
		plus = strings.HasPrefix(n, "+")
		digits = strings.Trim(n, "*#+")
	}
	if feature || (len(digits) <= 5 && !plus) {
		return makeKey(digits, false) // an extension or a feature code: no plan applies
	}
	if len(digits) > maxKeyDigits {
		return 0, false
	}
	if c.region == "" && !plus {
		return makeKey(digits, false)
	}
	rw := c.rewriteFor(digits, plus)
	if !rw.ok {
		return makeKey(digits, plus)
	}
	return makeKey(rw.cc+digits[rw.strip:], true)
}

func (c *Canon) rewriteFor(digits string, plus bool) rewrite {
	sh := shape{plus: plus, n: uint8(len(digits))}
	copy(sh.prefix[:], digits)
	c.mu.Lock()
	rw, hit := c.shapes[sh]
	c.mu.Unlock()
	if hit {
		return rw
	}
	text := digits
	if plus {
		text = "+" + digits
	}
	pn, err := phonenumbers.Parse(text, c.region)
	if err != nil || !phonenumbers.IsPossibleNumber(pn) {
		rw = rewrite{}
	} else {
		nsn := phonenumbers.GetNationalSignificantNumber(pn)
		if !strings.HasSuffix(digits, nsn) {
			// Not a plain strip-and-prefix (rare): bare digits, for the
			// stored number and the caller's alike.
			return rewrite{}
		}
		rw = rewrite{ok: true, strip: uint8(len(digits) - len(nsn)), cc: strconv.Itoa(int(pn.GetCountryCode()))}
	}
	c.mu.Lock()
	if len(c.shapes) >= maxShapes {
		clear(c.shapes)
	}
	c.shapes[sh] = rw
	c.mu.Unlock()
	return rw
}

// cleanDigits reads the common forms quickly: digits with separators, a
// leading '+', a tel: prefix, an extension after ',', ';', 'x' or "ext".
// ok is false for anything else (Unicode digits, sip: URIs, letters), which
// the phone client's number rules then read.
func cleanDigits(text string) (digits string, plus, feature, ok bool) {
	s := strings.TrimSpace(text)
	if len(s) > 4 && strings.EqualFold(s[:4], "tel:") {
		s = s[4:]
	}
	var b [64]byte
	n := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			if n == len(b) {
				return "", false, false, false
			}
			b[n] = ch
			n++
		case ch == '+' && n == 0 && !plus:
			plus = true
		case ch == '*' || ch == '#':
			feature = true
		case isDigitSep(ch):
		case isExtStart(ch):
			if n == 0 {
				return "", false, false, false
			}
			return string(b[:n]), plus, feature, true // what follows is an extension or parameters
		default:
			return "", false, false, false
		}
	}
	if n == 0 {
		return "", false, false, false
	}
	return string(b[:n]), plus, feature, true
}

// Key is the canonical form of text ("+74957654321", "203"), "" when text is
// not a number.
func (c *Canon) Key(text string) string {
	k, ok := c.key(text)
	if !ok {
		return ""
	}
	return k.String()
}

func isDigitSep(ch byte) bool {
	return ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')' || ch == '/' || ch == '\t'
}

// isExtStart: what ends the number and starts an extension or parameters.
func isExtStart(ch byte) bool {
	return ch == ',' || ch == ';' || ch == 'x' || ch == 'X' || ch == 'e' || ch == 'E'
}
