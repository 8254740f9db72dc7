# The tasks table. Key schema matches apps/task-service (hash key "id", a string).
resource "aws_dynamodb_table" "tasks" {
  name         = var.tasks_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  # Encryption at rest with the AWS managed key (aws/dynamodb) rather than the AWS owned default,
  # so key use shows up in CloudTrail.
  server_side_encryption {
    enabled = true
  }

  deletion_protection_enabled = var.table_deletion_protection
}
