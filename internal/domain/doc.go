// Package domain holds dvc's vocabulary, shared by every layer: the dossier and its
// processing log, accounts and sessions, statuses, roles and actions with their
// Vietnamese labels, the catalogue's types, the rule set and calendar types, and the one
// application error type (Error, with its kinds). It imports nothing of dvc's own, so
// that every other package may import it.
package domain
