package api_test

// peopleSteps are TestOpenAPIResponses's steps for profiles, the expert finder,
// recognition, teams, journeys and health, run after the others on the same site:
// fay facilitates iac, cora is core, mel a member, otto signed in, root an admin. By
// then mel's topic was discussed at a held meeting, so the data suggests her as an
// early adopter of iac.
func peopleSteps() []struct {
	who, method, path, body string
	status                  int
	hdr                     []string
} {
	const (
		team     = "/api/v1/teams/payments"
		journeys = "/api/v1/journeys"
	)
	return []struct {
		who, method, path, body string
		status                  int
		hdr                     []string
	}{
		{"mel", "PATCH", "/api/v1/me", `{"name": "Mel Okoro", "organisation": "DVSA", "show_organisation": false, "employment": "contractor", "expertise": ["Terraform", "ci/cd"]}`, 200, nil},
		{"fay", "PATCH", "/api/v1/me", `{"employment": "employee", "expertise": []}`, 200, nil},
		{"", "PATCH", "/api/v1/me", `{"name": "Nobody"}`, 401, nil},
		{"mel", "PATCH", "/api/v1/me", `{"employment": "pirate", "expertise": ["!!"]}`, 422, nil},
		{"mel", "PATCH", "/api/v1/me", `{"colour": "red"}`, 400, nil},
		{"", "GET", "/api/v1/people/mel", "", 200, nil},
		{"mel", "GET", "/api/v1/people/@Mel", "", 200, nil},
		{"", "GET", "/api/v1/people/nobody-here", "", 404, nil},
		{"", "GET", "/api/v1/people/mel/points", "", 200, nil},
		{"", "GET", "/api/v1/people/mel/points?limit=1", "", 200, nil},
		{"", "GET", "/api/v1/people/mel/points?cursor=%21%21", "", 422, nil},
		{"", "GET", "/api/v1/people/nobody-here/points", "", 404, nil},
		{"", "GET", "/api/v1/experts?subject=terraform", "", 200, nil},
		{"otto", "GET", "/api/v1/experts?subject=iac&limit=1", "", 200, nil},
		{"", "GET", "/api/v1/experts", "", 422, nil},

		{"mel", "PUT", "/api/v1/communities/iac/commitment", `{"hours_per_month": 4}`, 200, nil},
		{"mel", "PUT", "/api/v1/communities/iac/commitment", `{"hours_per_month": null}`, 200, nil},
		{"otto", "PUT", "/api/v1/communities/iac/commitment", `{"hours_per_month": 4}`, 403, nil},
		{"", "PUT", "/api/v1/communities/iac/commitment", `{"hours_per_month": 4}`, 401, nil},
		{"mel", "PUT", "/api/v1/communities/iac/commitment", `{"hours_per_month": 500}`, 422, nil},
		{"mel", "PUT", "/api/v1/communities/iac/commitment", `{"hours": 4}`, 400, nil},
		{"mel", "PUT", "/api/v1/communities/no-such-thing/commitment", `{"hours_per_month": 4}`, 404, nil},

		{"", "GET", "/api/v1/recognition", "", 200, nil},
		{"root", "PUT", "/api/v1/recognition/thresholds", `{"contributor": 5, "rising_star": 40, "community_leader": 120, "influencer": 20, "steward": 60}`, 200, nil},
		{"root", "PUT", "/api/v1/recognition/thresholds", `{"contributor": -5, "rising_star": 4, "community_leader": 120, "influencer": 20, "steward": 60}`, 422, nil},
		{"mel", "PUT", "/api/v1/recognition/thresholds", `{"contributor": 5, "rising_star": 40, "community_leader": 120, "influencer": 20, "steward": 60}`, 403, nil},
		{"", "PUT", "/api/v1/recognition/thresholds", `{"contributor": 5, "rising_star": 40, "community_leader": 120, "influencer": 20, "steward": 60}`, 401, nil},
		{"root", "PUT", "/api/v1/recognition/thresholds", `{"contributor": "five"}`, 400, nil},

		{"fay", "GET", "/api/v1/communities/iac/promotions", "", 200, nil},
		{"fay", "GET", "/api/v1/communities/iac/promotions?status=confirmed", "", 200, nil},
		{"mel", "GET", "/api/v1/communities/iac/promotions", "", 403, nil},
		{"", "GET", "/api/v1/communities/iac/promotions", "", 401, nil},
		{"fay", "GET", "/api/v1/communities/iac/promotions?status=maybe", "", 422, nil},
		{"fay", "GET", "/api/v1/communities/no-such-thing/promotions", "", 404, nil},
		{"fay", "POST", "/api/v1/communities/iac/promotions/mel", `{"stage": "early-adopter", "decision": "confirm"}`, 200, nil},
		{"fay", "POST", "/api/v1/communities/iac/promotions/mel", `{"stage": "early-adopter", "decision": "confirm"}`, 409, nil},
		{"fay", "POST", "/api/v1/communities/iac/promotions/mel", `{"stage": "steward", "decision": "confirm"}`, 404, nil},
		{"fay", "POST", "/api/v1/communities/iac/promotions/mel", `{"stage": "sage", "decision": "maybe"}`, 422, nil},
		{"mel", "POST", "/api/v1/communities/iac/promotions/mel", `{"stage": "steward", "decision": "confirm"}`, 403, nil},
		{"", "POST", "/api/v1/communities/iac/promotions/mel", `{"stage": "steward", "decision": "confirm"}`, 401, nil},
		{"fay", "POST", "/api/v1/communities/iac/promotions/mel", `{"stage": "steward", "why": "x"}`, 400, nil},

		{"", "GET", "/api/v1/communities/iac/health", "", 200, nil},
		{"", "GET", "/api/v1/communities/accessibility/health", "", 409, nil},
		{"", "GET", "/api/v1/communities/quiet-ones/health", "", 404, nil},
		{"", "GET", "/api/v1/health", "", 200, nil},
		{"otto", "GET", "/api/v1/health?limit=1", "", 200, nil},
		{"", "GET", "/api/v1/health?cursor=%21%21", "", 422, nil},

		{"mel", "POST", "/api/v1/teams", `{"name": "Payments", "description": "Takes the money.", "community": "iac",
			"roles": [{"handle": "mel", "role": "Technical Steward"}, {"handle": "cora", "role": "Developer"}]}`, 201, nil},
		{"mel", "POST", "/api/v1/teams", `{"name": "Payments"}`, 409, nil},
		{"mel", "POST", "/api/v1/teams", `{"name": "", "roles": [{"handle": "nobody-here", "role": ""}]}`, 422, nil},
		{"mel", "POST", "/api/v1/teams", `{"name": "Ghosts", "roles": [{"handle": "nobody-here", "role": "po"}]}`, 422, nil},
		{"mel", "POST", "/api/v1/teams", `{"name": "Teamless", "size": 4}`, 400, nil},
		{"", "POST", "/api/v1/teams", `{"name": "Anonymous"}`, 401, nil},
		{"mel", "POST", "/api/v1/teams", `{"name": "Cross"}`, 403, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
		{"", "GET", "/api/v1/teams", "", 200, nil},
		{"", "GET", "/api/v1/teams?compliance=error&member=mel&limit=1", "", 200, nil},
		{"", "GET", "/api/v1/teams?compliance=maybe", "", 422, nil},
		{"", "GET", team, "", 200, nil},
		{"", "GET", "/api/v1/teams/no-such-team", "", 404, nil},
		{"mel", "PATCH", team, `{"roles": [{"handle": "fay", "role": "product-owner"}, {"handle": "mel", "role": "technical-steward"}]}`, 200, nil},
		{"otto", "PATCH", team, `{"name": "Mine now"}`, 403, nil},
		{"", "PATCH", team, `{"name": "Mine now"}`, 401, nil},
		{"mel", "PATCH", team, `{"community": "no-such-thing"}`, 422, nil},
		{"mel", "PATCH", "/api/v1/teams/no-such-team", `{"name": "Ghost"}`, 404, nil},
		{"root", "POST", team + "/exceptions", `{"rule": "technical-steward.employee", "reason": "Mel joins the staff in May; agreed with the platform team."}`, 201, nil},
		{"mel", "POST", team + "/exceptions", `{"rule": "technical-steward.employee", "reason": "I say so, and that should be enough."}`, 403, nil},
		{"", "POST", team + "/exceptions", `{"rule": "technical-steward.employee", "reason": "Nobody asked."}`, 401, nil},
		{"root", "POST", team + "/exceptions", `{"rule": "nonsense", "reason": "x"}`, 422, nil},
		{"root", "POST", "/api/v1/teams/no-such-team/exceptions", `{"rule": "product-owner.missing", "reason": "There is no such team at all."}`, 404, nil},
		{"root", "DELETE", team + "/exceptions/technical-steward.employee", "", 200, nil},
		{"root", "DELETE", team + "/exceptions/technical-steward.employee", "", 404, nil},
		{"mel", "DELETE", team + "/exceptions/product-owner.missing", "", 403, nil},
		{"", "DELETE", team + "/exceptions/product-owner.missing", "", 401, nil},

		{"", "GET", journeys, "", 200, nil},
		{"mel", "GET", journeys + "/welcome", "", 200, nil},
		{"", "GET", journeys + "/no-such-journey", "", 404, nil},
		{"mel", "PUT", journeys + "/welcome/steps/2/done", "", 200, nil},
		{"mel", "DELETE", journeys + "/welcome/steps/2/done", "", 200, nil},
		{"", "PUT", journeys + "/welcome/steps/2/done", "", 401, nil},
		{"mel", "PUT", journeys + "/welcome/steps/9999/done", "", 404, nil},
		{"mel", "PUT", journeys + "/welcome/steps/2/done", "", 403, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
		{"", "DELETE", journeys + "/welcome/steps/2/done", "", 401, nil},
		{"mel", "DELETE", journeys + "/no-such-journey/steps/2/done", "", 404, nil},
		{"root", "POST", journeys, `{"title": "Your first month as a steward", "audience": "facilitator", "description": "For new stewards.",
			"steps": [{"title": "Review two resources", "link": "/library/review"}, {"title": "Answer a question", "body": "Any *one*.", "done_when": ""}]}`, 201, nil},
		{"root", "POST", journeys, `{"title": "Your first month as a steward", "steps": [{"title": "Again"}]}`, 409, nil},
		{"root", "POST", journeys, `{"title": "", "audience": "robots", "steps": [{"title": "", "link": "javascript:x"}]}`, 422, nil},
		{"mel", "POST", journeys, `{"title": "Mine", "steps": [{"title": "Step one"}]}`, 403, nil},
		{"", "POST", journeys, `{"title": "Mine", "steps": [{"title": "Step one"}]}`, 401, nil},
		{"root", "POST", journeys, `{"title": "Mine", "steps": [], "colour": "red"}`, 400, nil},
		{"root", "PUT", journeys + "/your-first-month-as-a-steward", `{"title": "Your first month as a steward", "audience": "facilitator",
			"steps": [{"id": 15, "title": "Review two resources", "link": "/library/review"}]}`, 200, nil},
		{"root", "PUT", journeys + "/your-first-month-as-a-steward", `{"title": "Again", "steps": [{"id": 1, "title": "Not mine"}]}`, 422, nil},
		{"root", "PUT", journeys + "/your-first-month-as-a-steward", `{"title": "Taken", "slug": "welcome", "steps": [{"title": "Step"}]}`, 409, nil},
		{"root", "PUT", journeys + "/no-such-journey", `{"title": "Ghost", "steps": [{"title": "Step"}]}`, 404, nil},
		{"mel", "PUT", journeys + "/welcome", `{"title": "Mine", "steps": [{"title": "Step"}]}`, 403, nil},
		{"", "PUT", journeys + "/welcome", `{"title": "Mine", "steps": [{"title": "Step"}]}`, 401, nil},
		{"mel", "DELETE", journeys + "/your-first-month-as-a-steward", "", 403, nil},
		{"", "DELETE", journeys + "/your-first-month-as-a-steward", "", 401, nil},
		{"root", "DELETE", journeys + "/your-first-month-as-a-steward", "", 204, nil},
		{"root", "DELETE", journeys + "/your-first-month-as-a-steward", "", 404, nil},

		{"otto", "DELETE", team, "", 403, nil},
		{"", "DELETE", team, "", 401, nil},
		{"mel", "DELETE", team, "", 204, nil},
		{"mel", "DELETE", team, "", 404, nil},
	}
}
