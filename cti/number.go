package cti

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of what Normalize accepts.
const (
	maxNumberInput  = 256 // bytes of input text
	maxNumberDigits = 32  // digits of the number itself
	maxPostDigits   = 16  // digits sent after the pause (extension)
	maxRuleLen      = 8   // Prefix and PlusReplacement
	defaultInternal = 4   // numbers of up to 4 digits are internal extensions
)

// NumberRules turn the text people copy (from a web page, a mail signature,
// a tel: link...) into what the phone dials.
//
// Normalize accepts visual separators (spaces, no-break spaces, - . ( ) /),
// full-width and other Unicode digits, '*' and '#' (feature codes such as
// *72), URIs (tel:, callto:, sip:, sips:, percent-encoded) and an extension
// ("ext. 12", "x12", "доб. 12", tel:...;ext=12). The extension is dialed as
// DTMF after a pause: it follows a single ',' ("+15550100,12"), the pause
// character phones and make_call understand; a ',' typed by the user is kept
// as such.
//
// Then a leading '+' is replaced by PlusReplacement when set (plain text
// replacement: country-code rules are the user's business), and Prefix (an
// external-line prefix such as "9") is put in front of external numbers:
// not in front of internal extensions (InternalDigits digits or fewer),
// feature codes (starting with * or #), numbers that still start with '+'
// (a '+' must stay first; the PBX routes those itself), or numbers that
// carry the prefix already. Normalize is idempotent: its output normalizes
// to itself, so a number from the history (as the phone dialed it) is
// dialed again unchanged.
type NumberRules struct {
	Prefix          string // external-line prefix, digits/*/# only, e.g. "9"; "" = none
	PlusReplacement string // replaces a leading '+', digits only, e.g. "00" or "8"; "" = keep '+'
	// InternalDigits: numbers with at most this many digits are internal
	// extensions and get no Prefix. 0 means 4; negative means every number
	// gets the Prefix.
	InternalDigits int
}

// Validate checks the rules themselves. Errors wrap ErrInvalidConfig.
func (r NumberRules) Validate() error {
	if len(r.Prefix) > maxRuleLen || strings.Trim(r.Prefix, "0123456789*#") != "" {
		return fmt.Errorf("%w: dial prefix %q may only hold up to %d digits, * and #", ErrInvalidConfig, excerpt(r.Prefix, 20), maxRuleLen)
	}
	if len(r.PlusReplacement) > maxRuleLen || strings.Trim(r.PlusReplacement, "0123456789") != "" {
		return fmt.Errorf("%w: + replacement %q may only hold up to %d digits", ErrInvalidConfig, excerpt(r.PlusReplacement, 20), maxRuleLen)
	}
	return nil
}

// Normalize returns the dialable form of text: digits, '*', '#', a leading
// '+' and ',' pauses. Text that is not a phone number gives an error wrapping
// ErrInvalidNumber that says why, e.g. `not a phone number: "abc" contains
// letters`; invalid rules give ErrInvalidConfig.
func (r NumberRules) Normalize(text string) (Dialable, error) {
	if err := r.Validate(); err != nil {
		return Dialable{}, err
	}
	n, err := parseNumber(text)
	if err != nil {
		return Dialable{}, err
	}
	main := r.apply(n.main)
	if n.post != "" {
		return Dialable{main + "," + n.post}, nil
	}
	return Dialable{main}, nil
}

// apply puts the plus replacement and the prefix on a cleaned main number.
func (r NumberRules) apply(main string) string {
	external := r.external(main)
	if r.PlusReplacement != "" && strings.HasPrefix(main, "+") {
		main = r.PlusReplacement + main[1:]
	}
	if r.Prefix != "" && external && !strings.HasPrefix(main, "+") && !r.prefixed(main) {
		main = r.Prefix + main
	}
	return main
}

// prefixed reports whether main already starts with the dial prefix in front
// of an external number: what Normalize itself returns, and what the phone
// reports (and the history keeps) for a call dialed with the prefix. It keeps
// Normalize idempotent, so a call back from the history does not dial the
// prefix twice. The price: an external number that happens to begin with the
// prefix digits is taken as already prefixed (with prefix 9, "916 123 45 67"
// is dialed as it is); idempotency leaves no other choice for plain digits.
func (r NumberRules) prefixed(main string) bool {
	rest, ok := strings.CutPrefix(main, r.Prefix)
	return ok && rest != "" && !strings.HasPrefix(rest, "+") && r.external(rest)
}

func (r NumberRules) external(main string) bool {
	if strings.HasPrefix(main, "*") || strings.HasPrefix(main, "#") {
		return false
	}
	limit := r.InternalDigits
	if limit == 0 {
		limit = defaultInternal
	}
	return strings.HasPrefix(main, "+") || countDigits(main) > limit
}

// number is a parsed phone number: main is [+]digits/*/#, post what is
// dialed after a pause (an extension), "" if nothing.
type number struct{ main, post string }

// NumberError says why a text is not a phone number. It matches
// ErrInvalidNumber; Reason is for people ("contains letters").
type NumberError struct {
	Text   string // the text, cut to 40 characters ("" when it was empty)
	Reason string
	// None: the text is readable but holds no phone number at all
	// (FindNumbers), rather than being a number written wrongly.
	None bool
}

func (e *NumberError) Error() string {
	if e.Text == "" {
		return ErrInvalidNumber.Error() + ": " + e.Reason
	}
	return fmt.Sprintf("%s: %q %s", ErrInvalidNumber, e.Text, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidNumber) true.
func (e *NumberError) Is(target error) bool { return target == ErrInvalidNumber }

func invalidNumber(text, reason string, args ...any) error {
	return &NumberError{Text: excerpt(text, 40), Reason: fmt.Sprintf(reason, args...)}
}

// extRe finds an extension at the end of plain text: "… ext. 12", "… x12",
// "…;ext=12", "… доб. 12".
var extRe = regexp.MustCompile(`(?i)^(.*?)[\s,;]*(?:ext\s*=|ext\.?|extn\.?|extension|x|доб\.?|вн\.?)\s*[:.#]?\s*(\d{1,16})$`)

func parseNumber(text string) (number, error) {
	if len(text) > maxNumberInput {
		return number{}, invalidNumber(text, "is too long (over %d characters)", maxNumberInput)
	}
	if !utf8.ValidString(text) {
		return number{}, invalidNumber(text, "is not valid text")
	}
	s := strings.TrimSpace(fold(text))
	if s == "" {
		return number{}, &NumberError{Reason: "the text is empty"}
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return number{}, invalidNumber(text, "contains control characters")
	}
	// "Alice <sip:203@pbx>" / "<tel:+15550100>"
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		s = strings.TrimSpace(s[i+1 : len(s)-1])
	}
	if i := strings.IndexByte(s, ':'); i > 0 {
		switch scheme := strings.ToLower(s[:i]); scheme {
		case "tel", "callto":
			return parseTelURI(text, s[i+1:])
		case "sip", "sips":
			return parseSIPURI(text, s[i+1:])
		}
	}
	main, post := s, ""
	if m := extRe.FindStringSubmatch(s); m != nil && strings.IndexFunc(m[1], isASCIIDigit) >= 0 {
		main, post = m[1], m[2]
	} else if i := strings.IndexByte(s, ','); i >= 0 {
		main, post = s[:i], s[i+1:]
	}
	return buildNumber(text, main, post)
}

// parseTelURI handles tel: (RFC 3966) and callto: links: parameters after
// ';' (ext= is the extension, the rest is ignored), percent-encoding.
func parseTelURI(text, rest string) (number, error) {
	rest, _, _ = strings.Cut(strings.TrimPrefix(strings.TrimSpace(rest), "//"), "?")
	parts := strings.Split(rest, ";")
	main, err := url.PathUnescape(parts[0])
	if err != nil {
		return number{}, invalidNumber(text, "has invalid percent-encoding")
	}
	post := ""
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "ext") {
			if post, err = url.PathUnescape(v); err != nil {
				return number{}, invalidNumber(text, "has invalid percent-encoding")
			}
		}
	}
	if i := strings.IndexByte(main, ','); i >= 0 && post == "" {
		main, post = main[:i], main[i+1:]
	}
	return buildNumber(text, fold(main), fold(post))
}

// parseSIPURI takes the user part of sip:user[:password]@host;params?headers.
// It must be a number: sip:alice@pbx is not dialable from a keypad.
func parseSIPURI(text, rest string) (number, error) {
	rest, _, _ = strings.Cut(strings.TrimPrefix(strings.TrimSpace(rest), "//"), "?")
	user, _, hasAt := strings.Cut(rest, "@")
	if !hasAt {
		user, _, _ = strings.Cut(rest, ";")
	}
	user, _, _ = strings.Cut(user, ":") // a password in the URI is dropped
	dec, err := url.PathUnescape(user)
	if err != nil {
		return number{}, invalidNumber(text, "has invalid percent-encoding")
	}
	dec = fold(dec)
	if strings.IndexFunc(dec, unicode.IsLetter) >= 0 || strings.IndexFunc(dec, isASCIIDigit) < 0 {
		return number{}, invalidNumber(text, "is a SIP address whose user %q is not a number", excerpt(dec, 30))
	}
	return parseTelURI(text, dec)
}

// buildNumber cleans the main part and the part after the pause.
func buildNumber(text, mainText, postText string) (number, error) {
	main, err := cleanNumber(text, mainText, true)
	if err != nil {
		return number{}, err
	}
	post, err := cleanNumber(text, postText, false)
	if err != nil {
		return number{}, err
	}
	if countDigits(post) > maxPostDigits {
		return number{}, invalidNumber(text, "has an extension longer than %d digits", maxPostDigits)
	}
	return number{main: main, post: strings.TrimRight(post, ",")}, nil
}

// cleanNumber drops visual separators and checks what remains. isMain: the
// number itself (may start with '+', needs a digit); otherwise the part
// after the pause (digits, *, # and further pauses).
func cleanNumber(text, s string, isMain bool) (string, error) {
	var b strings.Builder
	digits, plus := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			b.WriteRune(r)
		case r == '*' || r == '#':
			b.WriteRune(r)
		case r == '+' && isMain:
			plus++
			if plus > 1 {
				return "", invalidNumber(text, "has more than one +")
			}
			if b.Len() > 0 {
				return "", invalidNumber(text, "has a + that is not at the start")
			}
			b.WriteRune(r)
		case r == ',' && !isMain:
			b.WriteRune(r)
		case isSeparator(r):
		case unicode.IsLetter(r):
			return "", invalidNumber(text, "contains letters")
		case unicode.IsControl(r):
			return "", invalidNumber(text, "contains control characters")
		default:
			return "", invalidNumber(text, "contains %q", r)
		}
	}
	out := b.String()
	if !isMain {
		return out, nil
	}
	return out, checkMain(text, out, digits)
}

// checkMain checks the cleaned main number out of text: some digits, not
// too many, a '+' only in front of a digit.
func checkMain(text, out string, digits int) error {
	switch {
	case digits == 0:
		return invalidNumber(text, "has no digits")
	case digits > maxNumberDigits:
		return invalidNumber(text, "is too long (more than %d digits)", maxNumberDigits)
	case strings.HasPrefix(out, "+") && !(len(out) > 1 && isASCIIDigit(rune(out[1]))):
		return invalidNumber(text, "has a + that is not followed by digits")
	}
	return nil
}

// isSeparator: what people put between digit groups.
func isSeparator(r rune) bool {
	switch r {
	case '-', '.', '(', ')', '/', '[', ']', '\u00ad', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u00b7', '\u2027', '\u30fb':
		return true
	}
	return unicode.IsSpace(r) && !unicode.IsControl(r) || unicode.Is(unicode.Zs, r)
}

// fold maps full-width forms (U+FF01..U+FF5E, ideographic space) to ASCII,
// every Unicode decimal digit to its ASCII digit, and drops invisible format
// characters (zero-width spaces, direction marks, BOM) that copying from web
// pages and chat apps brings along.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x80:
			return r
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		case unicode.Is(unicode.Cf, r):
			return -1
		case unicode.Is(unicode.Nd, r):
			return '0' + digitValue(r)
		}
		return r
	}, s)
}

// digitValue is the value of a decimal digit: Unicode lays every set of
// decimal digits out as runs of ten, 0 to 9, so the value is the distance to
// the start of the run modulo 10.
func digitValue(r rune) rune {
	start := r
	for i := 0; i < 100 && unicode.Is(unicode.Nd, start-1); i++ {
		start--
	}
	return (r - start) % 10
}

// DialDigits keeps what identifies a number as the phone reports it:
// digits, '+', '*', '#' (so "+7 495 123-45-67" and "+74951234567" compare
// equal).
func DialDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' || r == '*' || r == '#' {
			return r
		}
		return -1
	}, s)
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
