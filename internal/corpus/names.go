package corpus

import "strings"

// words make the titles of a flat corpus's pages. A real category's page
// titles differ from one another ("Hanlon's Razor", "Second-Order
// Thinking"), and so do their URLs: numbered titles ("Trust Dynamics
// 0042") compress to almost nothing, and would hide what a long sidebar
// costs a page.
var words = strings.Fields(`
	Absence Abstraction Accord Adaptive Anchor Antifragile Arbitrage Asymmetry
	Attention Availability Balance Barrier Base Bayesian Belief Bias
	Bottleneck Boundary Buffer Calibration Capital Cascade Catalyst Causal
	Chance Circle Clarity Commons Compound Confidence Conflict Consensus
	Constraint Context Contrast Cooperation Cost Counterfactual Critical Cycle
	Decay Decision Default Density Dependency Diminishing Discipline Diversity
	Dominance Drift Echo Economy Edge Efficiency Elasticity Emergence
	Energy Entropy Equilibrium Error Escalation Evidence Evolution Expectation
	Failure Feedback Filter Focus Forecast Framing Friction Frontier
	Gradient Growth Habit Half-Life Harm Heuristic Hierarchy Horizon
	Incentive Inertia Influence Information Insight Interest Inversion Judgment
	Lag Leverage Limit Loop Loss Margin Market Memory
	Momentum Network Niche Noise Optimism Option Order Outlier
	Paradox Pattern Power Precision Priority Probability Proof Proximity
	Randomness Reciprocity Redundancy Reflex Regret Resilience Reversion Risk
	Scarcity Scale Selection Signal Simplicity Slack Surface Threshold
`)

// flatTitle returns page i's title in a flat corpus: three words, a
// different triple for every page below len(words)³, in an order that
// does not follow i.
func flatTitle(i int) string {
	n := len(words)
	j := i * 2654435761 % (n * n * n) // an odd step visits every triple once
	return words[j/(n*n)] + " " + words[j/n%n] + " " + words[j%n]
}

// slugOf is a title's URL segment: lower case, words joined by hyphens.
func slugOf(title string) string {
	return strings.ToLower(strings.ReplaceAll(title, " ", "-"))
}
