package guide

// The French edition of the customer guide names the controls of some steps
// in French, the English label in brackets after it ("Avancé (Advanced)").
// French gives that French label, so that a report can be read beside
// either edition; a step the French guide gives no label for has none.
var french = map[string]string{
	"2":    "Avancé",
	"4":    "Développer",
	"5":    "Créer une application",
	"6":    "Choisissez votre type d'application",
	"7":    "Créer",
	"8.2":  "Application gérée par l'utilisateur",
	"9":    "Créer",
	"10.3": "Liste d'autorisation OAuth — Ajouter des listes d'autorisation",
	"11":   "Continuer",
	"11.2": "Nom d'entreprise",
	"11.3": "Coordonnées du développeur",
	"12":   "Champs d'application",
	"13":   "Ajouter des champs d'application",
	"13.1": "Réunion",
	"13.2": "Enregistrement",
	"13.3": "Utilisateur",
	"14":   "Ajouter un champ d'application (coin supérieur droit)",
	"15":   "Terminé",
	"16":   "Continuer",
	"17":   "Ajouter",
	"18":   "Gérer — Apps créées",
}

// French is the French guide's label for the control of step number n
// ("" where it gives none).
func French(n string) string { return french[n] }
