// Package config reads copse's start-up configuration from flags and COPSE_*
// environment variables (flags win), with *_FILE variants for secrets. Settings
// that admins change at run time live in the database instead.
package config

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// DefaultDatabaseURL keeps the embedded SQLite database in ./data.
const DefaultDatabaseURL = "sqlite:data/copse.db"

// Getenv looks up an environment variable (os.Getenv in production, a map in tests).
type Getenv func(string) string

// EnvName is the environment variable of a flag: --base-url → COPSE_BASE_URL.
func EnvName(flagName string) string {
	return "COPSE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// lookup returns the value of a flag's variable, or of its _FILE variant read from
// disk (for secrets mounted as files), or "".
func lookup(getenv Getenv, name string) (string, error) {
	if v := getenv(name); v != "" {
		return v, nil
	}
	if path := getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}

// String defines a string flag whose default comes from its environment variable.
// env overrides the variable's name (the database flag is COPSE_DATABASE_URL).
func String(fs *flag.FlagSet, getenv Getenv, p *string, name, env, def, usage string) error {
	if env == "" {
		env = EnvName(name)
	}
	v, err := lookup(getenv, env)
	if err != nil {
		return err
	}
	if v == "" {
		v = def
	}
	fs.StringVar(p, name, v, usage+" (env "+env+")")
	return nil
}

// Bool defines a boolean flag whose default comes from its environment variable.
func Bool(fs *flag.FlagSet, getenv Getenv, p *bool, name, usage string) error {
	env := EnvName(name)
	v, err := lookup(getenv, env)
	if err != nil {
		return err
	}
	def := false
	if v != "" {
		if def, err = strconv.ParseBool(v); err != nil {
			return fmt.Errorf("%s=%q: use true or false", env, v)
		}
	}
	fs.BoolVar(p, name, def, usage+" (env "+env+")")
	return nil
}
