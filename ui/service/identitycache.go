package service

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/atomicfile"
)

// The phone's identity is read through its web session only when the
// person asks for something that logs in (a connection test, an install): a
// login ends the admin's session on the phone's web page. It is kept in
// the data directory, so that the Phone menu (and a firmware warning) is
// there again after a restart without a login. Each phone's unit owns its
// own; the file is their copy on disk, for the phones it names only.

const (
	identityFile    = "phone-identity.json"
	maxIdentityFile = 64 << 10
)

type identityRecord struct {
	Phone    string            `json:"phone"` // canonical address
	Identity cti.PhoneIdentity `json:"identity"`
	NoDND    bool              `json:"no_dnd,omitempty"`
}

func (s *Service) identityPath() string {
	if s.cfg.Paths.DataDir == "" {
		return ""
	}
	return filepath.Join(s.cfg.Paths.DataDir, identityFile)
}

// readIdentities reads the kept identities: a list, one per phone (an
// older version kept one record, which reads as a list of one). A missing,
// unreadable or damaged file only means no identity yet.
func (s *Service) readIdentities() []identityRecord {
	path := s.identityPath()
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Info("phone identity not loaded", "err", err)
		}
		return nil
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxIdentityFile))
	if err != nil {
		return nil
	}
	var recs []identityRecord
	if err := json.Unmarshal(data, &recs); err != nil {
		var one identityRecord
		if err := json.Unmarshal(data, &one); err != nil {
			s.log.Info("phone identity not loaded", "err", err)
			return nil
		}
		recs = []identityRecord{one}
	}
	return recs
}

// loadIdentity gives u the kept identity of the phone at addr, if any.
func (s *Service) loadIdentity(u *phoneUnit, addr string) {
	if addr == "" {
		return
	}
	for _, rec := range s.readIdentities() {
		if cti.SameAddress(rec.Phone, addr) {
			id := rec.Identity
			u.mu.Lock()
			u.webState.identity, u.webState.idPhone, u.webState.noDND = &id, addr, rec.NoDND
			u.mu.Unlock()
			return
		}
	}
}

// saveIdentity writes the identity of every phone that has one (best
// effort). idMu keeps two writers from interleaving.
func (s *Service) saveIdentity() {
	path := s.identityPath()
	if path == "" {
		return
	}
	var recs []identityRecord
	for _, u := range s.phones.List() {
		u.mu.Lock()
		id, phone, noDND := u.webState.identity, u.phone, u.webState.noDND
		ok := id != nil && u.webState.idPhone == u.phone
		u.mu.Unlock()
		canon, err := cti.CanonicalAddress(phone)
		if !ok || err != nil {
			continue
		}
		recs = append(recs, identityRecord{Phone: canon, Identity: *id, NoDND: noDND})
	}
	if len(recs) == 0 {
		return
	}
	var data []byte
	var err error
	if len(recs) == 1 {
		// One phone: the file an older version reads.
		data, err = json.MarshalIndent(recs[0], "", "  ")
	} else {
		data, err = json.MarshalIndent(recs, "", "  ")
	}
	if err != nil {
		return
	}
	s.idMu.Lock()
	defer s.idMu.Unlock()
	err = os.MkdirAll(filepath.Dir(path), 0o700)
	if err == nil {
		err = atomicfile.WriteFile(path, data, 0o600)
	}
	if err != nil {
		s.log.Info("phone identity not saved", "err", err)
	}
}
