package service

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gxptray/gxptray/cti"
)

// The phone's identity is read through its web session only when the
// person asks for something that logs in (a connection test, an install): a
// login ends the admin's session on the phone's web page. It is kept in
// the data directory, so that the Phone menu (and a firmware warning) is
// there again after a restart without a login. The service owns it; the
// file is its copy on disk, for the phone it names only.

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

// loadIdentity takes the kept identity when it is the current phone's.
// A missing, unreadable or damaged file only means no identity yet.
func (s *Service) loadIdentity() {
	path := s.identityPath()
	if path == "" {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Info("phone identity not loaded", "err", err)
		}
		return
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return
	}
	var rec identityRecord
	if err := json.NewDecoder(io.LimitReader(f, maxIdentityFile)).Decode(&rec); err != nil {
		s.log.Info("phone identity not loaded", "err", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.phone != "" && cti.SameAddress(rec.Phone, s.phone) {
		id := rec.Identity
		s.web.identity, s.web.idPhone, s.web.noDND = &id, s.phone, rec.NoDND
	}
}

// saveIdentity writes the identity of the current phone (best effort).
func (s *Service) saveIdentity() {
	path := s.identityPath()
	s.mu.Lock()
	id, phone, noDND := s.web.identity, s.phone, s.web.noDND
	ok := id != nil && s.web.idPhone == s.phone
	s.mu.Unlock()
	if path == "" || !ok {
		return
	}
	canon, err := cti.CanonicalAddress(phone)
	if err != nil {
		return
	}
	data, err := json.MarshalIndent(identityRecord{Phone: canon, Identity: *id, NoDND: noDND}, "", "  ")
	if err != nil {
		return
	}
	if err := writeAtomic(path, data); err != nil {
		s.log.Info("phone identity not saved", "err", err)
	}
}

// writeAtomic replaces path with data (mode 0600) through a temporary file.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
	}
	return werr
}
