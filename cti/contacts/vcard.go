package contacts

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/emersion/go-vcard"
)

// maxWarnings bounds the problems a source reports one by one.
const maxWarnings = 10

// Warnings collects what a source skipped, named so the user can find it.
type Warnings struct {
	List  []string // the first maxWarnings
	Total int
}

func (w *Warnings) add(format string, args ...any) {
	w.Total++
	if len(w.List) < maxWarnings {
		w.List = append(w.List, fmt.Sprintf(format, args...))
	}
}

// Strings lists the warnings, with a count of those left out.
func (w Warnings) Strings() []string {
	out := append([]string(nil), w.List...)
	if w.Total > len(w.List) {
		out = append(out, fmt.Sprintf("… and %d more", w.Total-len(w.List)))
	}
	return out
}

// readVCards adds every card of r (vCard 2.1, 3.0 or 4.0; several cards,
// folded lines) to bl. A card that cannot be read is skipped and named in
// the warnings; the rest loads.
func readVCards(r io.Reader, bl *Builder, w *Warnings, file string) error {
	n := 0
	return scanVCards(r, w, func(c Contact) {
		n++
		if !bl.Add(c) && (c.Name != "" || len(c.Phones) > 0) {
			w.add("%s: card %d (%s) skipped: %s", file, n, shownName(c.Name), whySkipped(c))
		}
	}, file)
}

// readVCardsFunc hands every readable card of r to add.
func readVCardsFunc(r io.Reader, w *Warnings, add func(Contact), name string) error {
	dec := vcard.NewDecoder(r)
	for n := 1; ; n++ {
		card, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return err // a read error of the file itself
			}
			// The decoder's errors are about the card's text: skip it.
			w.add("%s: card %d skipped: %v", name, n, err)
		}
		add(cardContact(card))
	}
}

func shownName(s string) string {
	if s = cleanName(s); s != "" {
		return s
	}
	return "no name"
}

func whySkipped(c Contact) string {
	switch {
	case cleanName(c.Name) == "":
		return "it has no name"
	case len(c.Phones) == 0:
		return "it has no phone number"
	}
	return "no phone number of it can be read as one"
}

// cardContact takes the name, the numbers and the revision of a card.
func cardContact(card vcard.Card) Contact {
	var c Contact
	var given, additional, family string
	if n := card.Name(); n != nil {
		given, additional, family = n.GivenName, n.AdditionalName, n.FamilyName
	}
	org, _, _ := strings.Cut(card.Value(vcard.FieldOrganization), ";")
	c.Name = cardName(card.PreferredValue(vcard.FieldFormattedName), given, additional, family, org)
	for _, f := range card[vcard.FieldTelephone] {
		if f == nil || strings.TrimSpace(f.Value) == "" {
			continue
		}
		c.Phones = append(c.Phones, Phone{Number: f.Value, Kind: vcardKind(f.Params)})
	}
	if rev, err := card.Revision(); err == nil {
		c.Updated = rev
	} else if v := card.Value(vcard.FieldRevision); v != "" {
		c.Updated = parseRev(v)
	}
	return c
}

// cardName is the one rule for a card's name, for both readers: FN, else
// the parts of N in reading order, else the organization.
func cardName(fn, given, additional, family, org string) string {
	if strings.TrimSpace(fn) != "" {
		return fn
	}
	if n := strings.Join(strings.Fields(given+" "+additional+" "+family), " "); n != "" {
		return n
	}
	return org
}

// vcardKind reads TYPE=cell / TYPE="work,voice" (4.0) and the bare
// parameters of vCard 2.1 (TEL;CELL:...).
func vcardKind(p vcard.Params) Kind {
	var types []string
	for k, vs := range p {
		if strings.EqualFold(k, vcard.ParamType) {
			for _, v := range vs {
				types = append(types, strings.Split(v, ",")...)
			}
		} else if len(vs) == 0 || (len(vs) == 1 && vs[0] == "") {
			types = append(types, k)
		}
	}
	kind := KindOther
	for _, t := range types {
		var final bool
		if kind, final = foldKind(kind, strings.Trim(strings.TrimSpace(t), `"`)); final {
			break
		}
	}
	return kind
}

// foldKind is the one rule for a vCard TYPE value, for both readers (the
// file scanner and go-vcard's cards from CardDAV): mobile wins at once, fax
// over the rest, then the first of work and home. final: mobile, look no
// further.
func foldKind(kind Kind, t string) (_ Kind, final bool) {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "cell", "mobile", "iphone":
		return KindMobile, true
	case "fax":
		return KindFax, false
	case "work":
		if kind == KindOther {
			return KindWork, false
		}
	case "home":
		if kind == KindOther {
			return KindHome, false
		}
	}
	return kind, false
}

// parseRev reads the REV forms that card.Revision does not: dates without
// a time, basic format without a zone.
func parseRev(v string) time.Time {
	for _, layout := range []string{"20060102T150405Z", "20060102T150405", "2006-01-02T15:04:05Z07:00", "2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			return t
		}
	}
	return time.Time{}
}
