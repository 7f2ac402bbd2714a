package contacts

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what a number is for.
type Kind uint8

// Kinds of numbers, from vCard TYPE, CSV column names and LDAP attributes.
const (
	KindOther Kind = iota
	KindWork
	KindMobile
	KindHome
	KindExt // an internal extension (LDAP ipPhone)
	KindFax
)

var kindNames = [...]string{"other", "work", "mobile", "home", "extension", "fax"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// ParseKind reads a kind name as String writes it ("" and unknown: other).
func ParseKind(s string) Kind {
	for i, n := range kindNames {
		if strings.EqualFold(s, n) {
			return Kind(i)
		}
	}
	return KindOther
}

// Limits of what a Book keeps of one contact.
const (
	maxNameBytes = 255 // longer names are cut (at a rune boundary)
	maxPhones    = 32  // numbers per contact
)

// Contact is one address-book entry as a source reads it.
type Contact struct {
	Name    string
	Phones  []Phone
	Updated time.Time // zero when the source does not say
}

// Phone is one number of a contact, as written in the source.
type Phone struct {
	Number string
	Kind   Kind
}

// entry is one number of one contact.
type entry struct {
	key     key
	contact uint32
	kind    Kind
	_       [3]byte
}

// person is one contact: where its name starts in the arena and when it was
// last updated (Unix seconds, 0 = unknown).
type person struct {
	name    uint32
	updated uint32
}

// Book is an immutable index of one source's contacts. Safe for concurrent
// use. Build one with a Builder.
type Book struct {
	names   []byte   // length-prefixed names
	people  []person // by contact number
	entries []entry  // sorted by key, then preference
	long    []uint32 // entries of numbers with >= minSuffix digits, sorted by their last minSuffix digits
}

// Builder collects contacts for a Book. Not safe for concurrent use.
type Builder struct {
	canon   *Canon
	b       Book
	skipped int // numbers that were not numbers
}

// NewBuilder starts a Book whose numbers are read under canon's region.
// sizeHint is the expected number of contacts (0 = unknown).
func NewBuilder(canon *Canon, sizeHint int) *Builder {
	bl := &Builder{canon: canon}
	if sizeHint > 0 {
		bl.b.people = make([]person, 0, sizeHint)
		bl.b.entries = make([]entry, 0, sizeHint+sizeHint/2)
		bl.b.names = make([]byte, 0, sizeHint*16)
	}
	return bl
}

// Add indexes c; a contact without a name or without a usable number is
// left out (Add reports false).
func (bl *Builder) Add(c Contact) bool {
	name := cleanName(c.Name)
	if name == "" || len(c.Phones) == 0 {
		return false
	}
	id := uint32(len(bl.b.people))
	added := 0
	for i, p := range c.Phones {
		if i == maxPhones {
			break
		}
		k, ok := bl.canon.key(p.Number)
		if !ok {
			bl.skipped++
			continue
		}
		bl.b.entries = append(bl.b.entries, entry{key: k, contact: id, kind: p.Kind})
		added++
	}
	if added == 0 {
		return false
	}
	var upd uint32
	if u := c.Updated.Unix(); !c.Updated.IsZero() && u > 0 && u < 1<<32 {
		upd = uint32(u)
	}
	bl.b.people = append(bl.b.people, person{name: uint32(len(bl.b.names)), updated: upd})
	bl.b.names = append(bl.b.names, byte(len(name)))
	bl.b.names = append(bl.b.names, name...)
	return true
}

// Skipped is how many numbers could not be read as numbers.
func (bl *Builder) Skipped() int { return bl.skipped }

// Len is the number of contacts added so far.
func (bl *Builder) Len() int { return len(bl.b.people) }

// Book sorts the index and returns it; the Builder must not be used after.
func (bl *Builder) Book() *Book {
	b := bl.b
	bl.b = Book{}
	// Slack from growing the slices is given back (copies of their exact
	// size; Clip would keep the arrays): a book lives for hours.
	b.names = slices.Clone(b.names)
	b.people = slices.Clone(b.people)
	b.entries = slices.Clone(b.entries)
	slices.SortStableFunc(b.entries, func(x, y entry) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		// The most recently updated first; then the one read first (stable).
		return cmp.Compare(b.people[y.contact].updated, b.people[x.contact].updated)
	})
	for i, e := range b.entries {
		if e.key.ndigits() >= minSuffix {
			b.long = append(b.long, uint32(i))
		}
	}
	b.long = slices.Clone(b.long)
	slices.SortStableFunc(b.long, func(x, y uint32) int {
		return cmp.Compare(b.entries[x].key.suffix(minSuffix), b.entries[y].key.suffix(minSuffix))
	})
	return &b
}

// Len is the number of contacts.
func (b *Book) Len() int {
	if b == nil {
		return 0
	}
	return len(b.people)
}

// Numbers is the number of indexed numbers.
func (b *Book) Numbers() int {
	if b == nil {
		return 0
	}
	return len(b.entries)
}

func (b *Book) name(contact uint32) string {
	off := b.people[contact].name
	n := uint32(b.names[off])
	return string(b.names[off+1 : off+1+n])
}

// nameBytes is the name without a copy, for searching.
func (b *Book) nameBytes(contact uint32) []byte {
	off := b.people[contact].name
	n := uint32(b.names[off])
	return b.names[off+1 : off+1+n]
}

// find returns the index of the best entry with key k.
func (b *Book) find(k key) (int, bool) {
	i, ok := slices.BinarySearchFunc(b.entries, k, func(e entry, k key) int { return cmp.Compare(e.key, k) })
	return i, ok
}

// lookup finds the entry for k: exact, then by suffix (see the package doc).
// rank is 0 for an exact match, higher for weaker ones.
// raw is the caller's number as bare digits, for the suffix rules.
func (b *Book) lookup(k, raw key) (e entry, rank int, ok bool) {
	if b == nil || len(b.entries) == 0 {
		return entry{}, 0, false
	}
	if i, ok := b.find(k); ok {
		return b.entries[i], 0, true
	}
	if i, ok := b.find(k.withE164(!k.isE164())); ok {
		return b.entries[i], 1, true
	}
	k = raw
	n := k.ndigits()
	// A stored number that ends the caller's after a short dial prefix.
	for strip := 1; strip <= maxDialPre && n-strip >= minExtDigits; strip++ {
		s := k.suffix(n - strip)
		for _, cand := range []key{s, s.withE164(true)} {
			if i, ok := b.find(cand); ok {
				return b.entries[i], 1 + strip, true
			}
		}
	}
	// The caller's number ends a stored, longer one.
	if n >= minSuffix {
		want := k.suffix(minSuffix)
		i, _ := slices.BinarySearchFunc(b.long, want, func(x uint32, w key) int {
			return cmp.Compare(b.entries[x].key.suffix(minSuffix), w)
		})
		for ; i < len(b.long); i++ {
			e := b.entries[b.long[i]]
			if e.key.suffix(minSuffix) != want {
				break
			}
			if m := e.key.ndigits(); m > n && e.key.suffix(n) == k.suffix(n) {
				return e, 1 + maxDialPre + 1, true
			}
		}
	}
	return entry{}, 0, false
}

// cleanName trims a name, drops control characters and bounds its length.
func cleanName(s string) string {
	if plainName(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxNameBytes {
		s = s[:maxNameBytes]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

// plainName: nothing for cleanName to do (the common case, without copies).
func plainName(s string) bool {
	if len(s) == 0 || len(s) > maxNameBytes || s[0] == ' ' || s[len(s)-1] == ' ' || !utf8.ValidString(s) {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c == ' ' && prevSpace {
			return false
		}
		prevSpace = c == ' '
	}
	return true
}
