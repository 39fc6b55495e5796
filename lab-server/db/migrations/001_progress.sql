-- Learners' progress. A learner is the anonymous id of a browser (its cookie); nothing else
-- identifies them. Lessons and exercises are named by their slug and id from content/lessons.

CREATE TABLE learners (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  display_name text CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 40),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per learner and lesson they have been active in.
CREATE TABLE lesson_progress (
  learner_id text NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  lesson text NOT NULL,
  -- Time spent on the lesson's page, accumulated.
  seconds integer NOT NULL DEFAULT 0 CHECK (seconds >= 0),
  -- Latest activity: time reported, an attempt or a completion.
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (learner_id, lesson)
);

-- One row per learner, lesson and exercise they have attempted or completed.
CREATE TABLE exercise_progress (
  learner_id text NOT NULL,
  lesson text NOT NULL,
  exercise_id text NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- The first time the exercise was completed; kept once set.
  completed_at timestamptz,
  last_attempt_at timestamptz,
  PRIMARY KEY (learner_id, lesson, exercise_id),
  FOREIGN KEY (learner_id, lesson) REFERENCES lesson_progress (learner_id, lesson) ON DELETE CASCADE
);
