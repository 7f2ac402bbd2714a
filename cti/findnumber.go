package cti

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FoundNumber is a phone number picked out of a text.
type FoundNumber struct {
	Text   string   // as written, e.g. "+1 (555) 010-0199, ext 12"
	Number Dialable // what the phone dials, after the rules: "+15550100199"
	// Ext is what to press once the far end answers ("" = nothing): the
	// extension, "12". It may hold ',' pauses.
	Ext string
}

// Dialable is Number with Ext after a pause: what Normalize returns for the
// same text.
func (f FoundNumber) Dialable() string {
	if f.Ext == "" {
		return f.Number.String()
	}
	return f.Number.String() + "," + f.Ext
}

// ErrSeveralNumbers: a text holds more than one phone number, so which one
// to dial is the user's choice. See *SeveralNumbersError.
var ErrSeveralNumbers = errors.New("the text holds more than one phone number")

// SeveralNumbersError lists the numbers a text holds. It matches
// ErrSeveralNumbers.
type SeveralNumbersError struct{ Found []FoundNumber }

func (e *SeveralNumbersError) Error() string {
	list := make([]string, len(e.Found))
	for i, f := range e.Found {
		list[i] = f.Dialable()
	}
	return fmt.Sprintf("the text holds %d phone numbers (%s): choose one", len(e.Found), strings.Join(list, ", "))
}

// Is makes errors.Is(err, ErrSeveralNumbers) true.
func (e *SeveralNumbersError) Is(target error) bool { return target == ErrSeveralNumbers }

// Limits of FindNumbers.
const (
	maxFindInput   = 8 << 10 // bytes of text searched
	maxFound       = 8       // numbers returned
	minFoundDigits = 3       // fewer digits in running text are not a number ("3 pm", "room 12")
	maxSeparators  = 3       // consecutive separators inside one number: "8 (495) 765"
)

// extAfterRe is an extension right after a number in running text:
// ", ext 12", " x12", ";ext=12", " доб. 204".
var extAfterRe = regexp.MustCompile(`(?i)^[\s,;]*(?:ext\s*=|ext\.?|extn\.?|extension|x|доб\.?|добавочный|вн\.?)\s*[:.#]?\s*(\d{1,16})`)

// notNumberRe: digit groups that are dates, times, IP addresses or version
// numbers rather than phone numbers.
var notNumberRe = regexp.MustCompile(`^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}[.:]\d{2}|\d{1,3}(?:\.\d{1,3}){2,3})$`)

// FindOne is FindNumbers for a dial: the one number text holds, a
// *SeveralNumbersError when it holds more than one (different) number, or a
// *NumberError when it holds none.
func (r NumberRules) FindOne(text string) (FoundNumber, error) {
	found, err := r.FindNumbers(text)
	switch {
	case err != nil:
		return FoundNumber{}, err
	case len(found) > 1:
		return FoundNumber{}, &SeveralNumbersError{Found: found}
	}
	return found[0], nil
}

// FindNumbers picks the phone numbers out of text: a mail signature, a line
// of a web page, a chat message. A text that is one number as a whole (what
// Normalize accepts: "+7 (495) 123-45-67", tel:, sip:, "*72#", "203") gives
// that number. Otherwise every run of at least three digits with the usual
// separators (spaces, - . ( ) /) and an optional leading '+' counts, with an
// extension right after it (", ext 12", " x12", " доб. 204"); dates, times,
// IP addresses, version numbers and amounts ("10 000 руб.", "$1 500") do not. The same number written twice is
// returned once. At most 8 numbers are returned, in the order of the text.
//
// A text without a number gives a *NumberError (ErrInvalidNumber); invalid
// rules give ErrInvalidConfig. The result is never empty without an error.
func (r NumberRules) FindNumbers(text string) ([]FoundNumber, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if len(text) > maxFindInput {
		return nil, invalidNumber(text, "is too long to look for a phone number in (over %d characters)", maxFindInput)
	}
	if !utf8.ValidString(text) {
		return nil, invalidNumber(text, "is not valid text")
	}
	if n, err := parseNumber(text); err == nil {
		return []FoundNumber{r.found(strings.TrimSpace(fold(text)), n)}, nil
	} else if strings.TrimSpace(fold(text)) == "" {
		return nil, err
	}
	var out []FoundNumber
	for _, c := range scanNumbers([]rune(fold(text))) {
		n, err := buildNumber(c.text, c.main, c.ext)
		if err != nil {
			continue
		}
		f := r.found(c.text, n)
		if i := indexFound(out, f.Number); i >= 0 {
			if out[i].Ext == "" {
				out[i].Ext = f.Ext
			}
			continue
		}
		out = append(out, f)
		if len(out) == maxFound {
			break
		}
	}
	if len(out) == 0 {
		return nil, &NumberError{Text: excerpt(text, 40), Reason: "holds no phone number", None: true}
	}
	return out, nil
}

func indexFound(list []FoundNumber, number Dialable) int {
	for i, f := range list {
		if f.Number == number {
			return i
		}
	}
	return -1
}

// found applies the rules to a parsed number.
func (r NumberRules) found(text string, n number) FoundNumber {
	return FoundNumber{Text: excerpt(text, 60), Number: Dialable{r.apply(n.main)}, Ext: n.post}
}

// candidate is a run of text that may be a phone number.
type candidate struct{ text, main, ext string }

// scanNumbers finds the candidates in folded text.
func scanNumbers(rs []rune) []candidate {
	var out []candidate
	for i := 0; i < len(rs); {
		if !startsNumber(rs, i) {
			i++
			continue
		}
		if gluedBefore(rs, i) {
			// Part of a word or a code ("A12", "v1.2"): skip the token.
			for i < len(rs) && !unicode.IsSpace(rs[i]) {
				i++
			}
			continue
		}
		start, end := i, numberEnd(rs, i)
		main, next, ext := string(rs[start:end]), end, ""
		if m := extAfterRe.FindStringSubmatchIndex(string(rs[end:])); m != nil {
			tail := string(rs[end:])
			if k := end + utf8.RuneCountInString(tail[:m[1]]); k >= len(rs) || !unicode.IsDigit(rs[k]) {
				ext, next = tail[m[2]:m[3]], k
			}
		}
		i = max(next, start+1)
		if ext == "" && end < len(rs) && (unicode.IsLetter(rs[end]) || unicode.IsDigit(rs[end])) {
			continue // "12345X", "3pm": glued to a word
		}
		if countDigits(main) < minFoundDigits || notNumberRe.MatchString(main) || isAmount(rs, start, end) {
			continue
		}
		out = append(out, candidate{text: strings.TrimSpace(string(rs[start:next])), main: main, ext: ext})
	}
	return out
}

// amountAfterRe: what follows a sum of money or a quantity, not a number to call.
var amountAfterRe = regexp.MustCompile(`(?i)^\s*(?:[%‰₽$€£¥]|руб|р\.|тыс|млн|usd|eur|rub|gbp|kg|кг|km|км|pcs|шт)`)

// isAmount: the digits at rs[start:end] are money or a quantity ("$1 500",
// "10 000 руб.", "250 kg"), by the sign before or the unit after them.
func isAmount(rs []rune, start, end int) bool {
	if start > 0 && strings.ContainsRune("$€£¥₽", rs[start-1]) || start > 1 && rs[start-1] == ' ' && strings.ContainsRune("$€£¥₽", rs[start-2]) {
		return true
	}
	return amountAfterRe.MatchString(string(rs[end:]))
}

// gluedBefore: the run at i continues a word or a code ("A12", "v1.2",
// "B-777") rather than starting a number.
func gluedBefore(rs []rune, i int) bool {
	if i == 0 {
		return false
	}
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }
	if word(rs[i-1]) {
		return true
	}
	switch rs[i-1] {
	case '#', '№': // "#123", "№ 5" are order numbers
		return true
	case '-', '/':
		return i >= 2 && word(rs[i-2])
	case '.': // "тел.8 495…" is an abbreviation; "1.2" a version
		return i >= 2 && unicode.IsDigit(rs[i-2])
	}
	return false
}

// startsNumber: a digit, or '+' or '(' right before one.
func startsNumber(rs []rune, i int) bool {
	digitAt := func(k int) bool { return k < len(rs) && isASCIIDigit(rs[k]) }
	switch rs[i] {
	case '+':
		return digitAt(i+1) || (i+2 < len(rs) && rs[i+1] == '(' && digitAt(i+2))
	case '(':
		return digitAt(i+1) || (i+2 < len(rs) && rs[i+1] == '+' && digitAt(i+2))
	}
	return isASCIIDigit(rs[i])
}

// numberEnd is where the number starting at i ends: after its last digit,
// before more than maxSeparators separators in a row or anything else.
func numberEnd(rs []rune, i int) int {
	last, seps := i, 0
	for j := i; j < len(rs); j++ {
		c := rs[j]
		switch {
		case isASCIIDigit(c):
			last, seps = j+1, 0
			continue
		case c == '+' && (j == i || j == i+1 && rs[i] == '('):
			continue
		case isSeparator(c) && c != '/' || c == '/' && seps == 0:
			if seps++; seps <= maxSeparators {
				continue
			}
		}
		break
	}
	return last
}
