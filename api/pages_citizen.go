package api

// registerCitizenPages adds the citizen portal's pages (cổng dịch vụ công).
func (s *Server) registerCitizenPages() {}
