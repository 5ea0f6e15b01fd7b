package api

// registerConsolePages adds the officers' and supervisors' console pages (/can-bo).
func (s *Server) registerConsolePages() {}
