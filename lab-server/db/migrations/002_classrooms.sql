-- Instructor classrooms: instructor accounts and their sign-in sessions, classes with a join code,
-- and the learners (anonymous browser ids, see 001_progress) who joined each class.

CREATE TABLE instructors (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  -- Lower-cased by the server before it is stored or looked up.
  email text NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  -- Self-describing KDF string: scrypt$<N>$<r>$<p>$<salt, base64url>$<hash, base64url>.
  password_hash text NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 512),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Signed-in browsers of instructors. Only the SHA-256 of the cookie's token is stored.
CREATE TABLE instructor_sessions (
  token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
  instructor_id text NOT NULL REFERENCES instructors (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX instructor_sessions_instructor ON instructor_sessions (instructor_id);
CREATE INDEX instructor_sessions_expires ON instructor_sessions (expires_at);

CREATE TABLE classes (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  instructor_id text NOT NULL REFERENCES instructors (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- 8 characters without the look-alikes I, O, 0 and 1.
  join_code text NOT NULL UNIQUE CHECK (join_code ~ '^[A-HJ-NP-Z2-9]{8}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classes_instructor ON classes (instructor_id, created_at);

-- One row per class and learner who joined it; a learner may be in several classes.
CREATE TABLE class_members (
  class_id text NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  learner_id text NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  -- Shown to the instructor instead of the learner id (which is the learner's cookie).
  member_id text NOT NULL UNIQUE CHECK (length(member_id) BETWEEN 1 AND 64),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (class_id, learner_id)
);
CREATE INDEX class_members_learner ON class_members (learner_id);
