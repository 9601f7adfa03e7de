package store

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/alicebob/miniredis/v2/server"
)

// How the embedded server runs a command.
type cmdKind int

const (
	// cmdRead runs beside any other command and is not logged.
	cmdRead cmdKind = iota
	// cmdWrite runs alone, in the order the log records, and is logged once it took
	// effect.
	cmdWrite
	// cmdOrdered runs alone but is not logged: it reads the store's random source or a
	// time to live, which writes change.
	cmdOrdered
	// cmdRefused is answered with an error and not run.
	cmdRefused
)

// controlCommands change nothing that is kept, though miniredis does not mark them
// read-only.
var controlCommands = map[string]bool{
	"HELLO": true, "AUTH": true, "PING": true, "ECHO": true, "SELECT": true, "CLIENT": true,
	"QUIT": true, "WATCH": true, "UNWATCH": true, "MULTI": true, "DISCARD": true, "COMMAND": true,
	"INFO": true, "TIME": true, "CLUSTER": true, "OBJECT": true, "MEMORY": true, "WAIT": true,
	"SCRIPT": true, "PUBLISH": true, "PUBSUB": true, "XINFO": true,
}

// orderedCommands read the random source or a time to live.
var orderedCommands = map[string]bool{
	"RANDOMKEY": true, "HRANDFIELD": true, "SRANDMEMBER": true, "ZRANDMEMBER": true,
	"TTL": true, "PTTL": true, "EXPIRETIME": true, "PEXPIRETIME": true,
}

// refusedCommands cannot be kept by the embedded store, with why.
var refusedCommands = map[string]string{
	"SWAPDB": "has one database", "MOVE": "has one database",
	"BLPOP": "does not block", "BRPOP": "does not block", "BRPOPLPUSH": "does not block",
	"BLMOVE": "does not block", "BLMPOP": "does not block", "BZPOPMIN": "does not block",
	"BZPOPMAX": "does not block", "BZMPOP": "does not block",
	"SUBSCRIBE": "has no pub/sub", "PSUBSCRIBE": "has no pub/sub",
	"UNSUBSCRIBE": "has no pub/sub", "PUNSUBSCRIBE": "has no pub/sub",
	"HEXPIRE": "keeps no field expiry", "HPEXPIRE": "keeps no field expiry",
	"HEXPIREAT": "keeps no field expiry", "HPEXPIREAT": "keeps no field expiry",
	"HSETEX": "keeps no field expiry", "HGETEX": "keeps no field expiry",
	"HPERSIST": "keeps no field expiry",
}

// refusal returns why the embedded store refuses a command, or "".
func refusal(cmd string, args []string) string {
	if why, ok := refusedCommands[cmd]; ok {
		return why
	}
	switch cmd {
	case "SELECT":
		if len(args) > 0 && args[0] != "0" {
			return "has one database"
		}
	case "XREAD", "XREADGROUP":
		for _, a := range args {
			if strings.EqualFold(a, "BLOCK") {
				return "does not block"
			}
		}
	}
	return ""
}

// randomCommands may use the random source, which a write seeds with its record's
// number so that its replay draws the same.
var randomCommands = map[string]bool{
	"SPOP": true, "EVAL": true, "EVALSHA": true, "SRANDMEMBER": true, "HRANDFIELD": true,
	"ZRANDMEMBER": true, "RANDOMKEY": true,
}

// needsSeed reports whether any of cmds may use the random source.
func needsSeed(cmds [][]string) bool {
	for _, c := range cmds {
		if randomCommands[strings.ToUpper(c[0])] {
			return true
		}
	}
	return false
}

// scripts is what the embedded server knows of the Lua scripts it was given: their
// bodies by SHA1 (to log an EVALSHA with the script it runs), and the scripts whose
// runs change nothing that lasts, which are run as reads.
type scripts struct {
	mu        sync.Mutex
	bodies    map[string]string
	transient map[string]bool
}

func newScripts(transient ...string) *scripts {
	s := &scripts{bodies: map[string]string{}, transient: map[string]bool{}}
	for _, body := range transient {
		s.transient[scriptSHA(body)] = true
	}
	return s
}

// scriptSHA returns the SHA1 of a script's body, as EVALSHA names it.
func scriptSHA(body string) string {
	sum := sha1.Sum([]byte(body))
	return hex.EncodeToString(sum[:])
}

// learn notes a script's body.
func (s *scripts) learn(body string) string {
	sha := scriptSHA(body)
	s.mu.Lock()
	s.bodies[sha] = body
	s.mu.Unlock()
	return sha
}

// body returns a script's body by its SHA1, or "" when unknown.
func (s *scripts) body(sha string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bodies[strings.ToLower(sha)]
}

// sha returns the SHA1 of the script that an EVAL or EVALSHA runs, and notes the
// body of an EVAL or SCRIPT LOAD.
func (s *scripts) sha(cmd string, args []string) string {
	switch {
	case (cmd == "EVAL" || cmd == "EVALSHA") && len(args) == 0:
		return ""
	case cmd == "EVAL":
		return s.learn(args[0])
	case cmd == "EVALSHA":
		return strings.ToLower(args[0])
	case cmd == "SCRIPT" && len(args) > 1 && strings.EqualFold(args[0], "LOAD"):
		return s.learn(args[1])
	}
	return ""
}

// isTransient reports whether the script sha changes nothing that lasts.
func (s *scripts) isTransient(sha string) bool {
	return s.transient[sha]
}

// ttlSensitive reports whether any of cmds reads or carries a time to live.
func (s *scripts) ttlSensitive(cmds [][]string) bool {
	for _, c := range cmds {
		name := strings.ToUpper(c[0])
		switch {
		case ttlSensitive(name, c[1:]):
			return true
		case name == "EVAL" && len(c) > 1 && scriptTTLSensitive(c[1]):
			return true
		case name == "EVALSHA" && len(c) > 1 && scriptTTLSensitive(s.body(c[1])):
			return true
		}
	}
	return false
}

// classify says how the embedded server runs cmd (upper case) outside a
// transaction, with why when it refuses it.
func (s *scripts) classify(srv *server.Server, cmd string, args []string) (cmdKind, string) {
	if why := refusal(cmd, args); why != "" {
		return cmdRefused, why
	}
	switch {
	case cmd == "EVAL" || cmd == "EVALSHA":
		if s.isTransient(s.sha(cmd, args)) {
			return cmdRead, ""
		}
		return cmdWrite, ""
	case cmd == "SCRIPT":
		s.sha(cmd, args)
		return cmdRead, ""
	case orderedCommands[cmd]:
		return cmdOrdered, ""
	case controlCommands[cmd] || !srv.IsRegisteredCommand(cmd) || srv.IsReadOnlyCommand(cmd):
		return cmdRead, ""
	}
	return cmdWrite, ""
}
