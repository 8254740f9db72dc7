# Private ECR repositories for the two images the charts run. Tags are immutable, so a tag names
# one build forever (push a new tag per build, e.g. the git commit); every push is scanned.
# Named after the cluster, lower-cased: repository names allow no upper case, cluster names do.
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository

resource "aws_ecr_repository" "task_service" {
  name                 = "${lower(var.cluster_name)}/task-service"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.ecr_force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  # KMS with the AWS managed key (aws/ecr) rather than the AES256 default, so key use shows up in
  # CloudTrail, as for the table.
  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_repository" "task_web" {
  name                 = "${lower(var.cluster_name)}/task-web"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.ecr_force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

# Keeps the newest var.ecr_images_kept images of each repository, whatever their tags.
data "aws_ecr_lifecycle_policy_document" "keep_recent" {
  rule {
    priority    = 1
    description = "Keep the newest ${var.ecr_images_kept} images"

    selection {
      tag_status   = "any"
      count_type   = "imageCountMoreThan"
      count_number = var.ecr_images_kept
    }

    action {
      type = "expire"
    }
  }
}

resource "aws_ecr_lifecycle_policy" "task_service" {
  repository = aws_ecr_repository.task_service.name
  policy     = data.aws_ecr_lifecycle_policy_document.keep_recent.json
}

resource "aws_ecr_lifecycle_policy" "task_web" {
  repository = aws_ecr_repository.task_web.name
  policy     = data.aws_ecr_lifecycle_policy_document.keep_recent.json
}
