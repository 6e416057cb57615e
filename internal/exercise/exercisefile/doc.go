package exercisefile

// The exercise file format, exercises/<id>.yaml. Every key below is the
// yaml tag of a field of package exercise's types; anything else is an
// error. exercises/trust-dynamics.yaml is a complete, commented example.
//
//	id: trust-dynamics          # = the file name; what ```exercise blocks name
//	title: ...                  # required
//	version: 1                  # bump to discard answers learners stored
//	description: ...
//	sections:                   # each one a fieldset
//	  - title: ...              # its legend
//	    prompt: ...             # the article's question
//	    fields:
//	      - id: ...             # lower-case letters, digits, - and _
//	        kind: text | longtext | scale | rating | list
//	        label: ...
//	        help: ...
//	        required: true
//	        # scale:  min, max, labels: {1: ..., 2: ...}  (every value labelled)
//	        # list:   min, max (0 = no limit), item_label
//	        # rating: choices: [{id, label, value}], factors: [{id, label, help,
//	        #         weight (default 1), keywords: [word, prefix*, two words],
//	        #         advice}], justify: required | optional, justify_label
//	scoring:
//	  figures:                  # named numbers, computed in order
//	    - id: ...
//	      label: ...            # figures without a label are not shown
//	      mean: <rating field>  # weighted mean of the rated choice values
//	      # or value: <number>, minus: [<number>, <number>],
//	      # or count: {field: <rating field>, in: [<choice>...]}
//	      compare: <scale field>  # shown beside the figure
//	      bands: [{id, label, min, text}]   # ascending min
//	  weakest:                  # factor sets <field>.weakest/.linked/.addressed/.unaddressed
//	    - field: <rating field>
//	      linked: [<text or list field>...]
//	      addressed_by: [<text or list field>...]
//	  outcomes:                 # the first option whose when holds
//	    - id: ...
//	      label: ...
//	      requires: [<field or factor>...]
//	      options: [{id, label, when, text}]  # only the last may omit when
//	  rules:                    # feedback items
//	    - id: ...
//	      severity: ok | info | warn
//	      when: <condition>
//	      text: ...
//	      factors: [<field>.<factor> or <field>.<set>...]
//	examples:                   # the first is "fill in the example"
//	  - name: ...
//	    answers: {<field>: <answer>...}   # rating: {<factor>: {choice, justification}}
//	    expect:                 # only what is given is checked
//	      complete: true
//	      missing: [<field> or <field>.<factor>...]   # exactly, in order
//	      figures: {<figure>: 3.33}                   # to two decimals
//	      bands: {<figure>: <band>}
//	      outcomes: {<outcome>: <option> or ""}
//	      feedback: [<rule>...]                       # must show
//	      absent: [<rule>...]                         # must not show
//	      sets: {<field>.<set>: [<factor>...]}        # exactly, in order
//
// A condition is a mapping with exactly one test:
//
//	all: [<condition>...]     any: [<condition>...]     not: <condition>
//	filled: <field or field.factor>
//	is: <field.factor | figure | outcome>, in: [<choice | band | option>...]
//	value: <number>, min / max (inclusive), above / below (exclusive)
//	mentions: <text or list field>, keywords: [...] and/or keywords_of: <field.factor>
//
// where <number> is a figure, a scale field, a list field (its number of
// items), a factor (its choice's value) or a factor set (its size).
// Conditions on what is not answered yet are false.
