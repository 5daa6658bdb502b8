# Mistakes terraform validate rejects: a misspelled argument, an attribute the type does
# not export, a variable nobody declared and tags written as a block.
variable "ami_id" {
  type = string
}

resource "aws_instance" "web" {
  ami           = var.ami_id
  instance_typ  = "t3.micro"
  subnet_id     = var.subnet_id

  tags {
    Name = "web"
  }
}

output "web_address" {
  value = aws_instance.web.public_ip_address
}
