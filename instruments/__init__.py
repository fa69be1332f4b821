"""What a questionnaire or guide is: question types, readers, expressions and validation."""
