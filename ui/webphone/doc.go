// Package webphone holds what the command line and the tray process share
// about the phone's own settings reached through its web session (Action
// URL fields, identity, Do Not Disturb): the words for each outcome. The
// protocol itself is in cti.
package webphone
