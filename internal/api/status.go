package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// handleStatus answers GET /api/v1/status: public, for anyone and any monitor.
func handleStatus(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := db.Status(r.Context())
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, s)
	})
}

// serviceBody is the body of POST and PATCH …/status/services.
type serviceBody struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Position    *int   `json:"position"`
}

func handleServiceCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b serviceBody
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		s, err := db.CreateService(r.Context(), copse.NewService{Name: b.Name, Description: b.Description, Position: b.Position})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/status")
		httpx.JSON(w, http.StatusCreated, s)
	})
}

// servicePatch is the body of PATCH …/status/services/{id}: absent fields stay.
type servicePatch struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Position    *int    `json:"position"`
}

func handleServiceUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "service")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b servicePatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		s, err := db.UpdateService(r.Context(), id, copse.ServiceUpdate{Name: b.Name, Description: b.Description, Position: b.Position})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, s)
	})
}

// incidentCreate is the body of POST …/status/incidents.
type incidentCreate struct {
	Title    string               `json:"title"`
	Body     string               `json:"body"`
	Impact   copse.ServiceState   `json:"impact"`
	Status   copse.IncidentStatus `json:"status"`
	Services []int64              `json:"services"`
}

func handleIncidentCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b incidentCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		in, err := db.OpenIncident(r.Context(), copse.NewIncident{Title: b.Title, Body: b.Body, Impact: b.Impact, Status: b.Status, Services: b.Services})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/status/incidents/"+strconv.FormatInt(in.ID, 10))
		httpx.JSON(w, http.StatusCreated, in)
	})
}

func handleIncidentGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "incident")
		if err == nil {
			var in *copse.Incident
			if in, err = db.FindIncident(r.Context(), id); err == nil {
				httpx.JSON(w, http.StatusOK, in)
				return
			}
		}
		httpx.Error(w, r, err)
	})
}

// incidentUpdate is the body of POST …/status/incidents/{id}/updates.
type incidentUpdate struct {
	Status copse.IncidentStatus `json:"status"`
	Body   string               `json:"body"`
	Impact copse.ServiceState   `json:"impact"`
}

func handleIncidentUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "incident")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b incidentUpdate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		in, err := db.UpdateIncident(r.Context(), id, copse.NewIncidentUpdate{Status: b.Status, Body: b.Body, Impact: b.Impact})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusCreated, in)
	})
}

// maintenanceCreate is the body of POST …/status/maintenance.
type maintenanceCreate struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	StartsAt    string  `json:"starts_at"`
	EndsAt      string  `json:"ends_at"`
	Services    []int64 `json:"services"`
}

func handleMaintenanceCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b maintenanceCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if err := db.AuthorizeStatus(r.Context()); err != nil { // who asks comes before what is wrong with the times
			httpx.Error(w, r, err)
			return
		}
		n := copse.NewMaintenance{Title: b.Title, Description: b.Description, Services: b.Services}
		p := copse.Problems{}
		for _, f := range []struct {
			name string
			in   string
			out  *time.Time
		}{{"starts_at", b.StartsAt, &n.StartsAt}, {"ends_at", b.EndsAt, &n.EndsAt}} {
			if f.in == "" {
				continue // Validate says it is required
			}
			t, err := time.Parse(time.RFC3339, f.in)
			if err != nil {
				p.Add(f.name, "must be an RFC 3339 time such as 2026-03-10T22:00:00Z")
			}
			*f.out = t
		}
		if err := p.Err(); err != nil {
			httpx.Error(w, r, err)
			return
		}
		m, err := db.ScheduleMaintenance(r.Context(), n)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/status")
		httpx.JSON(w, http.StatusCreated, m)
	})
}

func handleMaintenanceDelete(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "maintenance window")
		if err == nil {
			err = db.CancelMaintenance(r.Context(), id)
		}
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
