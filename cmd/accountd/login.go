package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// The reference client of the device authorization grant: `accountd login` gets an
// API key for a person without ever seeing their password (RFC 8628), `accountd
// whoami` uses it.

// Defaults of the client commands; flags and ACCOUNTD_SERVER / ACCOUNTD_CLIENT_ID
// override them.
const (
	defaultServer   = "http://127.0.0.1:8080"
	defaultClientID = "accountd-cli"
	// credentialsFile is the file under os.UserConfigDir()/accountd/ that holds the key.
	credentialsFile = "credentials.json"
)

// credentials is what `accountd login` keeps: which server, and the key for it.
type credentials struct {
	Server      string `json:"server"`
	AccessToken string `json:"access_token"`
	Scope       string `json:"scope,omitempty"`
}

// clientEnv is what the client commands use from their process, so tests can give
// their own.
type clientEnv struct {
	out    io.Writer
	getenv func(string) string
	// http carries every request; nil is http.DefaultClient.
	http *http.Client
}

func (e clientEnv) httpClient() *http.Client {
	if e.http != nil {
		return e.http
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// credentialsPath is os.UserConfigDir()/accountd/credentials.json.
func credentialsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no configuration directory: %w", err)
	}
	return filepath.Join(dir, "accountd", credentialsFile), nil
}

// login is `accountd login [-server URL] [-client ID] [-scope full|read_only|session]`.
func login(ctx context.Context, args []string, env clientEnv) error {
	fs := flag.NewFlagSet("login", flag.ContinueOnError)
	fs.SetOutput(env.out)
	server := fs.String("server", orDefault(env.getenv("ACCOUNTD_SERVER"), defaultServer), "accountd's URL (ACCOUNTD_SERVER)")
	clientID := fs.String("client", orDefault(env.getenv("ACCOUNTD_CLIENT_ID"), defaultClientID), "client id registered in ACCOUNTD_DEVICE_CLIENTS (ACCOUNTD_CLIENT_ID)")
	scope := fs.String("scope", "", "full (default), read_only, or session")
	if err := fs.Parse(args); err != nil {
		return err
	}
	base := strings.TrimRight(*server, "/")
	conf := &oauth2.Config{
		ClientID: *clientID,
		Endpoint: oauth2.Endpoint{
			DeviceAuthURL: base + "/oauth/device_authorization",
			TokenURL:      base + "/oauth/token",
			AuthStyle:     oauth2.AuthStyleInParams,
		},
	}
	if *scope != "" {
		conf.Scopes = []string{*scope}
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, env.httpClient())
	da, err := conf.DeviceAuth(ctx)
	if err != nil {
		return fmt.Errorf("start the log-in at %s: %w", base, describe(err))
	}
	fmt.Fprintf(env.out, "To log in, open %s\nand enter the code %s\n(or open %s)\nWaiting for approval...\n",
		da.VerificationURI, da.UserCode, da.VerificationURIComplete)
	tok, err := conf.DeviceAccessToken(ctx, da)
	if err != nil {
		return fmt.Errorf("log-in not completed: %w", describe(err))
	}
	path, err := credentialsPath()
	if err != nil {
		return err
	}
	scopeGranted, _ := tok.Extra("scope").(string)
	if err := writeCredentials(path, credentials{Server: base, AccessToken: tok.AccessToken, Scope: scopeGranted}); err != nil {
		return err
	}
	fmt.Fprintf(env.out, "Logged in. The key is in %s\n", path)
	return nil
}

// describe turns an OAuth error into words.
func describe(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode != "" {
		switch re.ErrorCode {
		case "access_denied":
			return errors.New("the request was denied")
		case "expired_token":
			return errors.New("the code expired: run accountd login again")
		case "invalid_client":
			return errors.New("this client id is not registered on the server (ACCOUNTD_DEVICE_CLIENTS)")
		}
		return fmt.Errorf("%s: %s", re.ErrorCode, re.ErrorDescription)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("the code expired: run accountd login again")
	}
	return err
}

// writeCredentials writes the key readable by its owner alone (0600, in a 0700
// directory), replacing the file in one rename so no half-written key is ever read.
func writeCredentials(path string, c credentials) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".credentials-*")
	if err != nil {
		return fmt.Errorf("write the key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write the key: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write the key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write the key: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write the key: %w", err)
	}
	return nil
}

// whoami is `accountd whoami`: asks the server who the stored key belongs to.
func whoami(ctx context.Context, env clientEnv) error {
	path, err := credentialsPath()
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return errors.New("not logged in: run accountd login")
	}
	if err != nil {
		return err
	}
	var c credentials
	if err := json.Unmarshal(b, &c); err != nil || c.AccessToken == "" {
		return fmt.Errorf("%s is not a credentials file: run accountd login", path)
	}
	body, _ := json.Marshal(map[string]any{"query": "{ viewer { id email name } }"})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Server+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.AccessToken)
	resp, err := env.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("ask %s: %w", c.Server, err)
	}
	defer resp.Body.Close()
	var out struct {
		Data *struct {
			Viewer *struct{ ID, Email, Name string }
		}
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil {
		return fmt.Errorf("ask %s: answer is not JSON (HTTP %d)", c.Server, resp.StatusCode)
	}
	if resp.StatusCode == http.StatusUnauthorized {
		return errors.New("the stored key no longer works (revoked or expired): run accountd login")
	}
	if len(out.Errors) > 0 {
		return fmt.Errorf("ask %s: %s", c.Server, out.Errors[0].Message)
	}
	if out.Data == nil || out.Data.Viewer == nil {
		return errors.New("the stored key acts for no person: run accountd login")
	}
	v := out.Data.Viewer
	fmt.Fprintf(env.out, "%s (%s) on %s\n", v.Email, v.ID, c.Server)
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
