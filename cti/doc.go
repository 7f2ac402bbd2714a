// Package cti talks to Grandstream desk phones over their CTI HTTP API
// (/cgi-bin/api-*), turns line status into call events, receives the phones'
// Action URL requests and keeps the call history. Through the phone's web
// session (websession.go: both login families) it reads and writes the
// phone's own settings: the Action URL fields (actionurl_install.go), the
// phone's identity and Do Not Disturb.
//
// It has no GUI dependencies: everything here runs and is tested without a
// display. The simulated phone used by tests and demo mode is in cti/phonesim.
package cti
