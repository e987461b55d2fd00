"""Questions and answers: asking in a space or a community, answering, voting, accepting,
promoting to a knowledge page (the QuestionPage model is knowledge's), and what other apps
read about accepted answers (`answers`)."""
