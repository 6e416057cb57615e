package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server runs a Handler on a listener until its context is canceled. Reload,
// SetErrors and ServeHTTP come from the embedded Handler. A Server serves
// once: after it shuts down, its live reload stays closed.
type Server struct {
	*Handler
	shutdownTimeout time.Duration
}

// New returns a Server for the site built in the directory root.
func New(root string, opts Options) *Server {
	timeout := opts.ShutdownTimeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	return &Server{Handler: NewHandler(root, opts), shutdownTimeout: timeout}
}

// ListenAndServe listens on exactly addr (such as "127.0.0.1:1313"; no
// default is filled in, so an empty host would mean every interface) and
// serves until ctx is canceled. See Serve.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is canceled, then shuts down gracefully:
// live-reload streams are ended at once and other requests get up to
// Options.ShutdownTimeout to finish. It returns nil after a shutdown, or
// the error that stopped serving. Serve closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           guardHosts(ln.Addr(), s.Handler),
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: live-reload streams stay open indefinitely.
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		s.Handler.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	// Shutdown waits for handlers to return, and a live-reload stream
	// returns only when told to.
	s.Handler.Close()
	sctx, cancel := context.WithTimeout(context.Background(), s.shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if err != nil {
		srv.Close()
		err = fmt.Errorf("serve: shutdown: %w", err)
	}
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = fmt.Errorf("serve: %w", serr)
	}
	return err
}
